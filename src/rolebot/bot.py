"""The core's public entry point: text in, a neutral `Reply` out. Never raises."""

from __future__ import annotations

import logging
from pathlib import Path

from rolebot.answers.meta import not_understood
from rolebot.content import load_packs
from rolebot.content.models import Pack
from rolebot.context import Context
from rolebot.parse import ParseError, parse_args, split, suggest_commands
from rolebot.registry import REGISTRY, Registry
from rolebot.reply import Action, Reply, Status

log = logging.getLogger("rolebot")


def run_command(ctx: Context, text: str) -> Reply:
    """Run a command text that names its command (`salary senior ml`), as actions do."""
    sp = split(text, ctx.registry.umbrella)
    cmd = ctx.registry.find(sp.word)
    if cmd is None:
        return not_understood(
            ctx, ParseError("unknown_command", word=sp.word, suggestions=suggest_commands(ctx, sp.word))
        )
    result = parse_args(ctx, cmd, sp.rest)
    if isinstance(result, ParseError):
        return not_understood(ctx, result)
    return cmd.handler(ctx, result)


def respond(ctx: Context, text: str) -> Reply:
    """Answer any input: a command in any of its shapes, or a plain question."""
    sp = split(text, ctx.registry.umbrella)
    if not sp.word:
        return run_command(ctx, "help")
    cmd = ctx.registry.find(sp.word)
    if cmd is not None:
        result = parse_args(ctx, cmd, sp.rest)
        if not isinstance(result, ParseError):
            return cmd.handler(ctx, result)
        # "role of an ai engineer at a startup" reads better as a question than as a command
        if not sp.slash and ctx.router.route(text).command is not None:
            return ctx.router.answer(text)
        return not_understood(ctx, result)
    if sp.slash:
        return not_understood(
            ctx, ParseError("unknown_command", word=sp.word, suggestions=suggest_commands(ctx, sp.word))
        )
    reply = ctx.router.answer(text)
    if reply.status is Status.OUT_OF_SCOPE:
        near = suggest_commands(ctx, sp.word)
        if near and len(sp.word) >= 3:
            from dataclasses import replace

            reply = replace(
                reply,
                actions=(Action(f"Did you mean /{near[0]}?", f"{near[0]} {sp.rest}".strip()), *reply.actions)[
                    :5
                ],
            )
    return reply


class Bot:
    """Holds the loaded packs and answers text. Safe to share between threads."""

    def __init__(
        self,
        packs: dict[str, Pack] | None = None,
        *,
        content: Path | None = None,
        registry: Registry = REGISTRY,
    ) -> None:
        self.packs = packs if packs is not None else load_packs(content)
        self.registry = registry
        self.contexts = {pid: Context(pack, registry) for pid, pack in self.packs.items()}
        self.default = next(iter(self.contexts))

    def context(self, pack: str | None = None) -> Context:
        return self.contexts.get(pack or self.default, self.contexts[self.default])

    def answer(self, text: str, *, pack: str | None = None) -> Reply:
        ctx = self.context(pack)
        try:
            return respond(ctx, text)
        except Exception:  # the last line of defence: log it, never show a trace in chat
            log.exception("internal error while answering")
            return Reply(
                title="Sorry, something went wrong on my side",
                summary="Please try again, or type `help`.",
                status=Status.ERROR,
                actions=(Action("All commands", "help"),),
            )
