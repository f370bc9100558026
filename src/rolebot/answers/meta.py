"""help, about, and more (the whole answer behind a short one)."""

from __future__ import annotations

from dataclasses import replace

from rolebot.answers import answer
from rolebot.dispatch import run_command
from rolebot.registry import Command, Invocation, PackContext
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section, Status


def _choices(ctx: PackContext, cmd: Command) -> list[Field]:
    """Each argument with its valid values, as its kind describes them."""
    out = []
    for arg in cmd.args:
        values = arg.kind.describe(ctx)
        out.append(Field(arg.name, f"{arg.description}. {values}" if values else arg.description))
    return out


def help_one(ctx: PackContext, cmd: Command) -> Reply:
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


def help_(ctx: PackContext, inv: Invocation) -> Reply:
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


def about(ctx: PackContext, inv: Invocation) -> Reply:
    src = ctx.pack.source
    fields = [
        Field("Title", src.title),
        Field("Author", src.author + (f", {src.author_role}" if src.author_role else "")),
        Field("Publisher", src.publisher),
        Field("Year", str(src.year)),
        *([Field("Length", src.read_time)] if src.read_time else []),
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


def more(ctx: PackContext, inv: Invocation) -> Reply:
    """more COMMAND: the whole answer a short reply was cut from."""
    inner = inv.text.strip()
    if inner.split(" ", 1)[0].lower().lstrip("/") in ("more", "details"):
        inner = inner.split(" ", 1)[1] if " " in inner else ""
    if ctx.registry.find(inner.split(" ", 1)[0]) is None:  # a plain question, answered in full
        reply = ctx.ask.answer(inner)
    else:
        reply = run_command(ctx, inner or "help")
    if reply.status is not Status.OK or not reply.command:
        return reply
    return replace(reply, command=f"more {reply.command}")
