"""help, about, and the replies for input that was not understood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolebot.answers import answer
from rolebot.context import Context, Invocation
from rolebot.markup import echo
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section, Status

if TYPE_CHECKING:
    from rolebot.parse import ParseError
    from rolebot.registry import Command


def _choices(ctx: Context, cmd: Command) -> list[Field]:
    from rolebot.registry import ArgKind

    out = []
    for arg in cmd.args:
        if arg.kind is ArgKind.ROLE:
            values = ", ".join(f"`{r.id}` ({r.name})" for r in ctx.pack.roles)
        elif arg.kind is ArgKind.LEVEL:
            values = ", ".join(f"`{lv.id}`" for lv in ctx.pack.levels)
        elif arg.kind is ArgKind.ANSWERS:
            values = "; ".join(
                f"`{q.id}`: " + ", ".join(o.id for o in q.options) for q in ctx.pack.decision.questions
            )
        elif arg.kind is ArgKind.FAQ:
            values = f"1 to {len(ctx.pack.faq)}, or words from a question"
        elif arg.kind is ArgKind.COMMAND:
            values = ", ".join(c.name for c in ctx.registry)
        else:
            values = arg.description
        out.append(Field(arg.name, f"{arg.description}. {values}" if values != arg.description else values))
    return out


def help_one(ctx: Context, cmd: Command) -> Reply:
    sections = [Section(None, (Fields((Field("Usage", f"`/{cmd.usage}`"), *_choices(ctx, cmd))),))]
    examples = cmd.examples_for(ctx.pack)
    if examples:
        sections.append(Section("Examples", (Bullets(tuple(f"`/{e}`" for e in examples)),)))
    if cmd.aliases:
        sections.append(
            Section(None, (Paragraph("Also works as: " + ", ".join(f"`{a}`" for a in cmd.aliases)),))
        )
    actions = tuple(Action(f"/{e}", e) for e in examples[:3] if e != f"help {cmd.name}")
    return answer(
        ctx,
        f"help {cmd.name}",
        f"/{cmd.name}",
        summary=cmd.summary,
        sections=tuple(sections),
        actions=(*actions, Action("All commands", "help")),
    )


def help_(ctx: Context, inv: Invocation) -> Reply:
    if inv.target is not None:
        return help_one(ctx, inv.target)
    lines = tuple(f"`/{c.usage}`: {c.summary}" for c in ctx.registry)
    sections = [Section("Commands", (Bullets(lines),))]
    if len(ctx.catalog) > 1:
        packs = tuple(
            f"`{pid}`: {title}" + (" (default)" if pid == ctx.default_pack else "")
            for pid, title in ctx.catalog
        )
        sections.append(
            Section("Packs", (Bullets(packs), Paragraph("Add `pack:ID` to any command to use a pack.")))
        )
    sample = next((c.examples_for(ctx.pack)[1] for c in ctx.registry if c.name == "salary"), "help")
    tip = (
        f"Type a command as `/{sample}`, `{sample}` or `/{ctx.registry.umbrella} {sample}`, "
        "or just ask a question in plain words."
    )
    return answer(
        ctx,
        "help",
        f"rolebot: {ctx.pack.title}",
        summary=ctx.pack.summary,
        sections=(*sections, Section(None, (Paragraph(tip),))),
        actions=(
            Action("Compare the roles", "compare"),
            Action("Salary bands", "salary"),
            Action("Which should I take?", "decide"),
            Action("FAQ", "faq"),
        ),
    )


def about(ctx: Context, inv: Invocation) -> Reply:
    src = ctx.pack.source
    fields = [
        Field("Title", src.title),
        Field("Author", src.author + (f", {src.author_role}" if src.author_role else "")),
        Field("Publisher", src.publisher),
        Field("Year", str(src.year)),
    ]
    sections = [Section(None, (Fields(tuple(fields)),))]
    if src.about:
        sections.append(
            Section(
                "About the article",
                (Paragraph(src.about), Bullets(src.background))
                if src.background
                else (Paragraph(src.about),),
            )
        )
    sections.append(
        Section(
            "How to cite",
            (
                Paragraph(f"{src.author}, \u201c{src.title}\u201d, {src.publisher}, {src.year}."),
                Paragraph(
                    "rolebot restates the article's facts and figures in its own words; "
                    "quote the article itself for exact wording."
                ),
            ),
        )
    )
    return answer(
        ctx,
        "about",
        "About this content",
        summary=ctx.pack.summary,
        sections=tuple(sections),
        actions=(Action("All commands", "help"),),
    )


def not_understood(ctx: Context, err: ParseError) -> Reply:
    """The one error policy: unknown command -> suggestions; bad argument -> the reason and
    the valid values; missing argument -> the command's usage."""
    word = echo(err.word)
    actions: list[Action] = []
    summary: str | None
    if err.kind == "unknown_command":
        title = f"I don't know the command \u201c{word}\u201d"
        summary = (
            "Did you mean " + " or ".join(f"`/{s}`" for s in err.suggestions) + "?"
            if err.suggestions
            else "Type `help` to see every command."
        )
        actions = [Action(f"/{s}", s) for s in err.suggestions]
    else:
        cmd = err.command
        name = cmd.name if cmd else "help"
        if err.kind == "missing":
            title = f"/{name} needs {err.expected}"
            summary = f"Usage: `/{cmd.usage}`" if cmd else None
        else:
            what = "could mean several things" if err.kind == "ambiguous" else "isn't something I know here"
            title = f"\u201c{word}\u201d {what}"
            summary = f"/{name} takes {err.expected}." if err.expected else None
            if err.suggestions:
                summary = (
                    (summary + " " if summary else "")
                    + "Did you mean "
                    + " or ".join(f"`{s}`" for s in err.suggestions[:4])
                    + "?"
                )
        if cmd:
            actions = [Action(f"/{e}", e) for e in cmd.examples_for(ctx.pack)[:3]]
    actions.append(Action("All commands", "help"))
    return Reply(
        title=title,
        summary=summary,
        actions=tuple(actions[:5]),
        status=Status.NOT_UNDERSTOOD,
        colours=ctx.colours,
    )


def unknown_pack(ctx: Context, pack: str) -> Reply:
    ids = [pid for pid, _ in ctx.catalog]
    from rolebot.parse import suggest_words

    near = suggest_words(pack, ids)
    summary = "Packs: " + ", ".join(f"`{i}`" for i in ids) + "."
    if near:
        summary = f"Did you mean `pack:{near[0]}`? " + summary
    return Reply(
        title=f"There is no pack \u201c{echo(pack, 40)}\u201d",
        summary=summary,
        actions=(Action("All commands", "help"),),
        status=Status.NOT_UNDERSTOOD,
        colours=ctx.colours,
    )


def stale_action(ctx: Context) -> Reply:
    """A button whose command no longer runs (content or commands changed since it was sent)."""
    return Reply(
        title="This button is out of date",
        summary="What it pointed to has changed since this answer was sent. Start again from the list below.",
        actions=(Action("All commands", "help"),),
        status=Status.NOT_UNDERSTOOD,
        colours=ctx.colours,
        source=ctx.source_line,
    )


def more(ctx: Context, inv: Invocation) -> Reply:
    """more COMMAND: the whole answer a short reply was cut from."""
    from dataclasses import replace

    from rolebot.bot import run_command

    inner = inv.text.strip()
    if inner.split(" ", 1)[0].lower().lstrip("/") in ("more", "details"):
        inner = inner.split(" ", 1)[1] if " " in inner else ""
    if ctx.registry.find(inner.split(" ", 1)[0]) is None:  # a plain question, answered in full
        reply = ctx.router.answer(inner)
    else:
        reply = run_command(ctx, inner or "help")
    if reply.status is not Status.OK or not reply.command:
        return reply
    return replace(reply, command=f"more {reply.command}")
