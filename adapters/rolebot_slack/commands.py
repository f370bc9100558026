"""The one place a slash command payload becomes its acknowledgement body, used by bolt's
listener (Socket Mode, and HTTP when bolt dispatches) and by the HTTP fast path. It imports
no Slack SDK: a server that only answers slash commands never loads one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rolebot.bot import Bot
from rolebot.conversation import Conversation
from rolebot.limits import MAX_INPUT_CHARS
from rolebot_slack.mrkdwn import unescape
from rolebot_slack.surface import Place, SlackSurface

PREFIX = r"[a-z0-9_]{1,12}-"  # see `rolebot slack manifest --prefix`


class SlashCommands:
    """The one place a slash command payload becomes its acknowledgement body. Used by bolt's
    listener (Socket Mode, and HTTP when bolt dispatches) and by the HTTP fast path."""

    def __init__(self, bot: Bot, conversation: Conversation | None = None) -> None:
        self.bot = bot
        public = bot.settings.get("ROLEBOT_PUBLIC_URL")
        surface = SlackSurface(public, bot.chart_png)
        self.conversation = conversation or Conversation(bot, surface, "slack")
        made = self.conversation.surface
        assert isinstance(made, SlackSurface)
        self.surface = made
        words = [re.escape(w) for w in [bot.registry.umbrella, *bot.registry.words()]]
        # "/salary", or "/rb-salary" when the manifest gave each command a prefix
        self.pattern = re.compile(r"^/(?:" + PREFIX + r")?(" + "|".join(words) + r")$", re.IGNORECASE)

    def answer(self, command: Mapping[str, Any]) -> Place:
        """The answer, ready to go: its first message in `place.ack_json`; send that, then
        `flush`. Synchronous: nothing in it waits (the HTTP server calls it in its protocol)."""
        m = self.pattern.match(command.get("command", ""))
        word = m.group(1) if m else command.get("command", "").lstrip("/")
        text = unescape(f"/{word} {command.get('text', '')}")[:MAX_INPUT_CHARS]
        place = Place(url=command.get("response_url"), slash=True)
        reply, pages = self.conversation.answered(text, command.get("user_id"))
        self.surface.acknowledge(place, pages, reply.command)
        return place

    def flush(self, place: Place) -> None:
        self.surface.flush(place)
