"""The Slack app: slack-bolt listeners that only ack, build and respond.

Slash commands are answered inline in the acknowledgement (ephemeral, with follow-up and
"Share in channel" buttons); mentions are answered in their thread; the message shortcut
opens a small modal and posts the answer in the message's thread.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from rolebot.bot import Bot
from rolebot.markup import plain
from rolebot.registry import ArgKind
from rolebot_slack.blocks import RUN_ACTION, SHARE_ACTION, render_messages, shorten
from rolebot_slack.manifest import SHORTCUT_ID

log = logging.getLogger("rolebot.slack")
VIEW_ID = "rolebot_answer_view"
DEFAULT_API_URL = "https://slack.com/api/"


class SeenEvents:
    """Event ids already handled, so that Slack's retries never post twice."""

    def __init__(self, ttl: float = 3600, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self.seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        now = time.monotonic()
        while self.seen and (len(self.seen) >= self.size or next(iter(self.seen.values())) < now - self.ttl):
            self.seen.popitem(last=False)
        if event_id in self.seen:
            return False
        self.seen[event_id] = now
        return True


def topic_options(bot: Bot) -> list[dict[str, Any]]:
    """Modal choices: every command that answers without free text."""
    out = []
    for cmd in bot.registry:
        if cmd.name in ("help", "ask") or any(a.kind is ArgKind.TEXT for a in cmd.args):
            continue
        out.append({"text": {"type": "plain_text", "text": shorten(cmd.summary, 75)}, "value": cmd.name})
    return out[:100]


def answer_modal(bot: Bot, channel: str, ts: str, message_text: str) -> dict[str, Any]:
    question: dict[str, Any] = {"type": "plain_text_input", "action_id": "question", "max_length": 500}
    if message_text.strip():
        question["initial_value"] = shorten(plain(message_text), 500)
    return {
        "type": "modal",
        "callback_id": VIEW_ID,
        "private_metadata": json.dumps({"channel": channel, "ts": ts}),
        "title": {"type": "plain_text", "text": "Answer with rolebot"},
        "submit": {"type": "plain_text", "text": "Post in thread"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "input", "block_id": "topic", "optional": True,
             "label": {"type": "plain_text", "text": "Pick a topic"},
             "element": {"type": "static_select", "action_id": "topic", "options": topic_options(bot),
                         "placeholder": {"type": "plain_text", "text": "Choose a topic"}}},
            {"type": "input", "block_id": "question", "optional": True,
             "label": {"type": "plain_text", "text": "…or type a question (used when given)"},
             "element": question},
        ],
    }


def create_app(bot: Bot, *, token: str, signing_secret: str = "", api_url: str | None = None) -> AsyncApp:
    client = AsyncWebClient(token=token, base_url=api_url or DEFAULT_API_URL)
    app = AsyncApp(client=client, signing_secret=signing_secret, logger=log)
    seen = SeenEvents()
    words = [re.escape(w) for w in [bot.registry.umbrella, *bot.registry.words()]]
    pattern = re.compile(r"^/(" + "|".join(words) + r")$", re.IGNORECASE)

    @app.command(pattern)
    async def slash(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        reply = bot.answer(f"{command.get('command', '')} {command.get('text', '')}")
        first, *rest = render_messages(reply)
        await ack(response_type="ephemeral", **first)
        for message in rest:  # only for very long answers; at most 4 more uses of response_url
            await respond(response_type="ephemeral", replace_original=False, **message)

    @app.action(re.compile(rf"^{RUN_ACTION}:\d+$"))
    async def run(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        reply = bot.answer(action.get("value", ""))
        ephemeral = bool(body.get("container", {}).get("is_ephemeral"))
        first, *rest = render_messages(reply)
        # in a private answer the next step replaces it; under a public one it comes privately
        await respond(response_type="ephemeral", replace_original=ephemeral, **first)
        for message in rest[:3]:
            await respond(response_type="ephemeral", replace_original=False, **message)

    @app.action(SHARE_ACTION)
    async def share(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        reply = bot.answer(action.get("value", ""))
        messages = render_messages(reply, share=False, shared_by=body["user"]["id"])
        for message in messages[:4]:
            await respond(response_type="in_channel", replace_original=False, **message)
        await respond(delete_original=True)

    @app.event("app_mention")
    async def mention(body: dict[str, Any], event: dict[str, Any], say: AsyncSay) -> None:
        if not seen.first_time(body.get("event_id")):
            return
        reply = bot.answer(event.get("text", ""))
        thread = event.get("thread_ts") or event.get("ts")
        for message in render_messages(reply, share=False):
            await say(thread_ts=thread, **message)

    @app.shortcut(SHORTCUT_ID)
    async def shortcut(ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        message = shortcut.get("message", {})
        ts = message.get("thread_ts") or message.get("ts", "")
        view = answer_modal(bot, shortcut["channel"]["id"], ts, message.get("text", ""))
        await client.views_open(trigger_id=shortcut["trigger_id"], view=view)

    @app.view(VIEW_ID)
    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        values = view.get("state", {}).get("values", {})
        question = (values.get("question", {}).get("question", {}).get("value") or "").strip()
        selected = values.get("topic", {}).get("topic", {}).get("selected_option") or {}
        text = question or selected.get("value", "")
        if not text:
            await ack(response_action="errors", errors={"question": "Pick a topic or type a question."})
            return
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        reply = bot.answer(text)
        for message in render_messages(reply, share=False, shared_by=body["user"]["id"]):
            await client.chat_postMessage(channel=meta["channel"], thread_ts=meta["ts"], **message)

    @app.error
    async def on_error(error: Exception) -> None:
        log.error("slack listener failed: %s", type(error).__name__)

    return app
