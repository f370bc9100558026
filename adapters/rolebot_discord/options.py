"""Discord command options as the registry's argument kinds give them, and option values back
into the command text the core reads. No discord.py import: the gateway bot and the HTTP
interactions endpoint share it."""

from __future__ import annotations

from typing import Any

from rolebot.bot import Bot
from rolebot.kinds import Choice, Kind, Option
from rolebot.registry import Command


def options_of(bot: Bot, cmd: Command) -> list[tuple[Option, Kind]]:
    """Each Discord option of a command, as its argument's kind gives it, with that kind."""
    ctx = bot.context()
    out = [
        (o, a.kind) for a in cmd.args for o in a.kind.options(ctx, a.name, a.description[:100], a.required)
    ]
    catalog = ctx.catalog
    if len(catalog) > 1:
        packs = tuple(Choice(pid, title[:100]) for pid, title in catalog)
        out.append((Option("pack", f"Content pack (default: {bot.default})"[:100], packs), PACK))
    return out


class _Pack(Kind):
    name = "pack"

    def to_text(self, name: str, value: str) -> str:
        return f"pack:{value}"


PACK = _Pack()


def to_text(cmd: Command, values: dict[str, Any], kinds: dict[str, Kind]) -> str:
    """The command text the core reads, from Discord's option values."""
    parts = [cmd.name]
    for name, value in values.items():
        if value is None or value == "":
            continue
        parts.append(kinds[name].to_text(name, str(value)))
    return " ".join(parts)
