"""The Slack platform, as the core loads it (`rolebot.platforms` entry point). Nothing here
imports Slack's SDK: the subcommand imports it when it runs."""

from __future__ import annotations

import argparse
from typing import Any

from rolebot.reply import Reply
from rolebot.settings import Settings


class Slack:
    help = "Slack app: manifest, serve (extra 'slack')"

    def add_parser(self, sub: Any) -> None:
        from rolebot_slack.cli import add_parser

        add_parser(sub)

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        from rolebot_slack.cli import run

        return run(args, settings)

    def mount(self, bot: Any, settings: Settings) -> Any:
        """Slack's endpoints in `rolebot serve`, or what to set to mount them."""
        from rolebot_slack.server import mount

        return mount(bot, settings)

    def render(self, reply: Reply) -> Any:
        from rolebot_slack.blocks import render_slack

        return render_slack(reply)


PLATFORM = Slack()
