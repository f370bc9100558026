"""The Discord platform, as the core loads it (`rolebot.platforms` entry point). Nothing here
imports discord.py: the subcommand imports it when it runs."""

from __future__ import annotations

import argparse
from typing import Any

from rolebot.reply import Reply
from rolebot.settings import Settings


class Discord:
    help = "Discord bot: commands, sync, run (extra 'discord')"

    def add_parser(self, sub: Any) -> None:
        from rolebot_discord.cli import add_parser

        add_parser(sub)

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        from rolebot_discord.cli import run

        return run(args, settings)

    def mount(self, bot: Any, settings: Settings) -> Any:
        """The HTTP interactions endpoint in `rolebot serve`, when DISCORD_PUBLIC_KEY is set."""
        from rolebot.server import Mount, MountRefused

        key = settings.get("DISCORD_PUBLIC_KEY")
        if not key:
            return "DISCORD_PUBLIC_KEY is not set; it turns on POST /discord/interactions"
        from rolebot_discord.interactions import endpoint

        try:
            interactions = endpoint(
                bot, key, settings.get("DISCORD_API_URL") or None, settings.get("ROLEBOT_PUBLIC_URL")
            )
        except ValueError as exc:
            raise MountRefused(f"discord: {exc}") from None
        return Mount({"/discord/interactions": interactions}, {}, ("discord",))

    def render(self, reply: Reply) -> Any:
        from rolebot_discord.payload import render_discord

        return render_discord(reply)


PLATFORM = Discord()
