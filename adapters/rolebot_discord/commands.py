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
from rolebot.registry import Arg, ArgKind, Command

Answer = Callable[[discord.Interaction, str], Awaitable[None]]
NAME = re.compile(r"^[-_'\w]{1,32}$")
MAX_CHOICES = 25


def _choices(bot: Bot, arg: Arg) -> list[app_commands.Choice[str]]:
    pack = bot.context().pack
    if arg.kind is ArgKind.ROLE:
        return [app_commands.Choice(name=r.name, value=r.id) for r in pack.roles]
    if arg.kind is ArgKind.LEVEL:
        return [app_commands.Choice(name=lv.name, value=lv.id) for lv in pack.levels]
    if arg.kind is ArgKind.COMMAND:
        return [app_commands.Choice(name=c.name, value=c.name) for c in bot.registry]
    return []


def _options(bot: Bot, cmd: Command) -> list[tuple[str, str, list[app_commands.Choice[str]], bool]]:
    """(name, description, choices, required) for each Discord option of a command."""
    out = []
    for arg in cmd.args:
        if arg.kind is ArgKind.ANSWERS:  # one option per question of the decision rule
            for q in bot.context().pack.decision.questions:
                out.append(
                    (
                        q.id,
                        q.prompt.lstrip("0123456789. ")[:100],
                        [app_commands.Choice(name=o.label[:100], value=o.id) for o in q.options],
                        False,
                    )
                )
        else:
            out.append((arg.name, arg.description[:100], _choices(bot, arg), arg.required))
    catalog = bot.context().catalog
    if len(catalog) > 1:
        packs = [app_commands.Choice(name=title[:100], value=pid) for pid, title in catalog]
        out.append(("pack", f"Content pack (default: {bot.default})"[:100], packs, False))
    return out


def to_text(cmd: Command, values: dict[str, Any]) -> str:
    """The command text the core reads, from Discord's option values."""
    parts = [cmd.name]
    kinds = {a.kind for a in cmd.args}
    for name, value in values.items():
        if value is None or value == "":
            continue
        parts.append(f"{name}:{value}" if name == "pack" or ArgKind.ANSWERS in kinds else str(value))
    return " ".join(parts)


def faq_choices(bot: Bot, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for /faq: the best matches for what is typed so far, from memory."""
    faq = bot.context().pack.faq
    items = [(i, f.question) for i, f in enumerate(faq, 1)]
    text = current.strip().lower()
    if text:
        best = bot.context().router.best_faq(text) if len(text) > 2 else None
        words = text.split()
        scored = sorted(items, key=lambda it: (it[0] != best, -sum(w in it[1].lower() for w in words), it[0]))
        items = [it for it in scored if it[0] == best or any(w in it[1].lower() for w in words)] or scored
    return [app_commands.Choice(name=f"{i}. {q}"[:100], value=str(i)) for i, q in items[:MAX_CHOICES]]


def build_command(bot: Bot, cmd: Command, answer: Answer) -> app_commands.Command[Any, ..., None]:
    options = _options(bot, cmd)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await answer(interaction, to_text(cmd, values))

    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for name, _, _, required in options:
        params.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=str if required else str | None,
                default=inspect.Parameter.empty if required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = f"rolebot_{cmd.name}"
    app_commands.describe(**{n: d for n, d, _, _ in options})(callback)
    with_choices = {n: c for n, _, c, _ in options if c}
    # Discord allows 25 choices; a longer list is offered through autocomplete instead
    listed = {n: c for n, c in with_choices.items() if len(c) <= MAX_CHOICES}
    if listed:
        app_commands.choices(**listed)(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=cmd.name, description=cmd.summary, callback=callback
    )
    for name, choices in with_choices.items():
        if name not in listed:
            command.autocomplete(name)(_completer(choices))
    for arg in cmd.args:
        if arg.kind is ArgKind.FAQ:

            async def complete(
                interaction: discord.Interaction, current: str
            ) -> list[app_commands.Choice[str]]:
                return faq_choices(bot, current)

            command.autocomplete(arg.name)(complete)
    return command


def _completer(
    choices: list[app_commands.Choice[str]],
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        text = current.lower().strip()
        hits = [c for c in choices if text in c.name.lower() or text in c.value.lower()] if text else choices
        return hits[:MAX_CHOICES]

    return complete


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
