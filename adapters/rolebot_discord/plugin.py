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

    def render(self, reply: Reply) -> Any:
        from rolebot_discord.payload import render_discord

        return render_discord(reply)


PLATFORM = Discord()
