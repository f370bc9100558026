"""Run a command text that names its command (`salary senior ml`): parse it, call its
handler, or say what was not understood."""

from __future__ import annotations

from rolebot.answers.misread import not_understood
from rolebot.kinds import ParseProblem
from rolebot.parse import parse_args, split_command
from rolebot.registry import PackContext
from rolebot.reply import Reply


def run_command(ctx: PackContext, text: str) -> Reply:
    line = split_command(text, ctx.registry.umbrella)
    cmd = ctx.registry.find(line.word)
    if cmd is None:
        return not_understood(
            ctx, ParseProblem("unknown_command", word=line.word, suggestions=ctx.registry.suggest(line.word))
        )
    result = parse_args(ctx, cmd, line.rest)
    if isinstance(result, ParseProblem):
        return not_understood(ctx, result)
    return cmd.handler(ctx, result)
