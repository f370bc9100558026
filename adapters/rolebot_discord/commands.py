"""Discord app commands generated from the command registry, and the rules Discord enforces
at sync time that discord.py does not check locally."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord
from discord import app_commands

from rolebot.bot import Bot
from rolebot.kinds import MAX_CHOICES, Kind
from rolebot.registry import Command
from rolebot_discord.options import PACK, options_of, to_text

Answer = Callable[[discord.Interaction, str], Awaitable[None]]
NAME = re.compile(r"^[-_'\w]{1,32}$")


def build_command(bot: Bot, cmd: Command, answer: Answer) -> app_commands.Command[Any, ..., None]:
    options = options_of(bot, cmd)
    kinds = {o.name: kind for o, kind in options}
    several = len(bot.context().catalog) > 1

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await answer(interaction, to_text(cmd, values, kinds))

    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for o, _ in options:
        params.append(
            inspect.Parameter(
                o.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=str if o.required else str | None,
                default=inspect.Parameter.empty if o.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = f"rolebot_{cmd.name}"
    app_commands.describe(**{o.name: o.description for o, _ in options})(callback)
    # Discord lists at most 25 choices; with several packs a pack's own values are completed
    # as typed (from the pack the command runs in), so no choice list is fixed to one pack
    listed = {
        o.name: [app_commands.Choice(name=c.label[:100], value=c.value) for c in o.choices]
        for o, kind in options
        if o.choices and len(o.choices) <= MAX_CHOICES and (not several or kind is PACK)
    }
    if listed:
        app_commands.choices(**listed)(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=cmd.name, description=cmd.summary, callback=callback
    )
    for o, kind in options:
        if o.name not in listed and (o.complete or o.choices):
            command.autocomplete(o.name)(_completer(bot, kind))
    return command


def _completer(
    bot: Bot, kind: Kind
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return choices_for(bot, kind, getattr(interaction.namespace, "pack", None), current)

    return complete


def choices_for(bot: Bot, kind: Kind, pack: str | None, typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: the kind's choices in the pack the command runs in, for what is typed."""
    found = kind.complete(bot.context(pack), typed)
    return [app_commands.Choice(name=c.label[:100], value=c.value[:100]) for c in found[:MAX_CHOICES]]


def build_tree(client: discord.Client, bot: Bot, answer: Answer) -> app_commands.CommandTree[Any]:
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    for cmd in bot.registry:
        tree.add_command(build_command(bot, cmd, answer))

    async def umbrella(interaction: discord.Interaction, input: str | None = None) -> None:
        await answer(interaction, input or "help")

    app_commands.describe(input="A command (e.g. salary) or a question in plain words")(umbrella)
    tree.add_command(
        app_commands.Command(
            name=bot.registry.umbrella, description="Any rolebot command or question", callback=umbrella
        )
    )
    return tree


def command_json(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """The payload exactly as `tree.sync()` registers it (discord.py's own `to_dict`)."""
    return [c.to_dict(tree) for c in tree.get_commands()]


def _size(cmd: dict[str, Any]) -> int:
    total = len(cmd["name"]) + len(cmd.get("description", ""))
    for opt in cmd.get("options", []):
        total += len(opt["name"]) + len(opt.get("description", ""))
        for ch in opt.get("choices", []):
            total += len(ch["name"]) + len(str(ch["value"]))
    return total


def check_commands(payload: list[dict[str, Any]]) -> list[str]:
    """Discord's rules for application commands that discord.py leaves to the server."""
    problems = []
    if len(payload) > 100:
        problems.append(f"{len(payload)} commands (max 100)")
    names = [c["name"] for c in payload]
    if len(names) != len(set(names)):
        problems.append("duplicate command names")
    for c in payload:
        where = f"/{c['name']}"
        if not NAME.match(c["name"]) or c["name"] != c["name"].lower():
            problems.append(f"{where}: invalid name")
        if not 1 <= len(c.get("description", "")) <= 100:
            problems.append(f"{where}: description must be 1-100 characters")
        options = c.get("options", [])
        if len(options) > 25:
            problems.append(f"{where}: over 25 options")
        seen_optional = False
        for o in options:
            if not NAME.match(o["name"]) or o["name"] != o["name"].lower():
                problems.append(f"{where} {o['name']}: invalid option name")
            if not 1 <= len(o.get("description", "")) <= 100:
                problems.append(f"{where} {o['name']}: description must be 1-100 characters")
            if o.get("required") and seen_optional:
                problems.append(f"{where} {o['name']}: required option after an optional one")
            seen_optional |= not o.get("required", False)
            choices = o.get("choices", [])
            if len(choices) > 25:
                problems.append(f"{where} {o['name']}: over 25 choices")
            if choices and o.get("autocomplete"):
                problems.append(f"{where} {o['name']}: choices and autocomplete together")
            for ch in choices:
                if not 1 <= len(ch["name"]) <= 100 or len(str(ch["value"])) > 100:
                    problems.append(f"{where} {o['name']}: choice {ch['name'][:20]!r} too long")
        if _size(c) > 8000:
            problems.append(f"{where}: over 8000 characters in total")
    return problems
