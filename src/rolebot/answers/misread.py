"""The replies for input that was not understood: an unknown command, a bad argument, an
unknown pack, a button that is out of date."""

from __future__ import annotations

from rolebot.kinds import ParseProblem, near_words
from rolebot.markup import echo
from rolebot.registry import PackContext
from rolebot.reply import Action, Reply, Status


def not_understood(ctx: PackContext, err: ParseProblem) -> Reply:
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
        cmd = ctx.registry.find(err.command) if err.command else None
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


def unknown_pack(ctx: PackContext, pack: str) -> Reply:
    ids = [pid for pid, _ in ctx.catalog]
    near = near_words(pack, ids)
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


def stale_action(ctx: PackContext) -> Reply:
    """A button whose command no longer runs (content or commands changed since it was sent)."""
    return Reply(
        title="This button is out of date",
        summary="What it pointed to has changed since this answer was sent. Start again from the list below.",
        actions=(Action("All commands", "help"),),
        status=Status.NOT_UNDERSTOOD,
        colours=ctx.colours,
        source=ctx.source_line,
    )
