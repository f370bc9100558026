"""faq [N | words] and ask TEXT."""

from __future__ import annotations

from rolebot.answers import answer
from rolebot.markup import echo
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Bullets, Paragraph, Reply, Section, Status


def faq_entry(ctx: PackContext, number: int) -> Reply:
    entry = ctx.pack.faq[number - 1]
    actions = [Action(_label(ctx, see), see) for see in entry.see]
    if number < len(ctx.pack.faq):
        actions.append(Action("Next question", f"faq {number + 1}"))
    actions.append(Action("All questions", "faq"))
    return answer(
        ctx,
        f"faq {number}",
        entry.question,
        sections=(Section(None, (Bullets(entry.answer),)),),
        actions=tuple(actions),
    )


def _label(ctx: PackContext, command: str) -> str:
    cmd = ctx.registry.find(command.split()[0])
    return cmd.summary if cmd is not None and len(cmd.summary) <= 40 else f"/{command}"


def faq_list(ctx: PackContext, note: str | None = None, status: Status = Status.OK) -> Reply:
    questions = tuple(f.question for f in ctx.pack.faq)
    sections = [
        Section(None, (Bullets(questions, ordered=True),)),
        Section(None, (Paragraph("Type `faq N` for an answer, or `faq` and a few words."),)),
    ]
    actions = tuple(
        Action(f"{i}. {q}" if len(q) < 70 else f"Question {i}", f"faq {i}")
        for i, q in enumerate(questions[:5], 1)
    )
    return answer(
        ctx,
        "faq",
        "Frequently asked questions",
        summary=note,
        sections=tuple(sections),
        actions=actions,
        status=status,
    )


def faq(ctx: PackContext, inv: Invocation) -> Reply:
    count = len(ctx.pack.faq)
    if inv.number is not None:
        if 1 <= inv.number <= count:
            return faq_entry(ctx, inv.number)
        return faq_list(
            ctx,
            f"There is no question {echo(inv.text.strip() or str(inv.number), 12)}: pick 1 to {count}.",
            Status.NOT_UNDERSTOOD,
        )
    if not inv.text.strip():
        return faq_list(ctx)
    number = ctx.ask.best_faq(inv.text)
    if number is None:
        return faq_list(
            ctx,
            f"No question matches \u201c{echo(inv.text)}\u201d. Here are all {count}.",
            Status.NOT_UNDERSTOOD,
        )
    return faq_entry(ctx, number)


def ask(ctx: PackContext, inv: Invocation) -> Reply:
    return ctx.ask.answer(inv.text)
