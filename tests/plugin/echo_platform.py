"""A tiny platform that plugs in from outside `src/`: its subcommand prints a reply's title,
its format is the title and the follow-ups, one per line."""

from __future__ import annotations

import argparse
from typing import Any

from rolebot.reply import Reply
from rolebot.settings import Settings


class Echo:
    help = "a platform for tests"

    def add_parser(self, sub: Any) -> None:
        p = sub.add_parser("echo", help=self.help)
        p.add_argument("text", nargs="+")

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        from rolebot.bot import Bot

        print(Bot(settings=settings).answer(" ".join(args.text), platform="echo").title)
        return 0

    def render(self, reply: Reply) -> Any:
        return {"title": reply.title, "next": [a.command for a in reply.actions]}


PLATFORM = Echo()
