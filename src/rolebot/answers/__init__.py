"""Command handlers: each turns a parsed call and the pack into a neutral `Reply`."""

from __future__ import annotations

from typing import Any

from rolebot.registry import PackContext
from rolebot.reply import Reply


def answer(ctx: PackContext, command: str | None, title: str, **kw: Any) -> Reply:
    """A content answer: credited to the source, with the pack's role colours."""
    return Reply(title=title, command=command, source=ctx.source_line, colours=ctx.colours, **kw)


def roles_or_all(ctx: PackContext, roles: list[str]) -> list[str]:
    return roles or [r.id for r in ctx.pack.roles]
