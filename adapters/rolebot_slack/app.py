"""The Slack app: slack-bolt listeners that only ack, build and respond.

Slash commands are answered inline in the acknowledgement (ephemeral, with follow-up and
"Share in channel" buttons); mentions are answered in their thread; the message shortcut
opens a small modal and posts the answer in the message's thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from rolebot.answers.misread import stale_action
from rolebot.bot import Bot
from rolebot.kinds import TEXT
from rolebot.limits import MAX_INPUT_CHARS
from rolebot.markup import plain
from rolebot.render.split import shorten
from rolebot.reply import Reply, Status
from rolebot_slack import delivery
from rolebot_slack.blocks import RUN_ACTION, SHARE_ACTION, render_messages
from rolebot_slack.manifest import SHORTCUT_ID
from rolebot_slack.mrkdwn import unescape

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


Message = dict[str, Any]


class SlashCommands:
    """The one place a slash command payload becomes its acknowledgement body. Used by bolt's
    listener (Socket Mode, and HTTP when bolt dispatches) and by the HTTP fast path."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        words = [re.escape(w) for w in [bot.registry.umbrella, *bot.registry.words()]]
        self.pattern = re.compile(r"^/(" + "|".join(words) + r")$", re.IGNORECASE)
        self.pending: set[asyncio.Task[None]] = set()
        # answers depend only on the text and the content version: reuse rendered ones
        self._render = lru_cache(maxsize=2048)(self._render_uncached)

    def _render_uncached(self, text: str, version: str) -> tuple[Reply, tuple[Message, ...]]:
        reply = self.bot.answer(text)
        return reply, tuple(render_messages(reply))

    def answer(self, command: Mapping[str, Any]) -> tuple[Message, tuple[Message, ...], str | None]:
        """(the acknowledgement body, further messages for very long answers, the command run)."""
        started = time.perf_counter()
        text = unescape(f"{command.get('command', '')} {command.get('text', '')}")[:MAX_INPUT_CHARS]
        reply, messages = self._render(text, self.bot.version)
        self.bot.log_answer("slack", reply, started, text=text, user=command.get("user_id"))
        return {"response_type": "ephemeral", **messages[0]}, messages[1:], reply.command

    def send_later(self, rest: tuple[Message, ...], url: str | None, command: str | None) -> None:
        """Post the rest of a long answer after the acknowledgement (response_url: 5 uses)."""
        if not rest:
            return

        async def send() -> None:
            for message in rest[:4]:
                sent = await delivery.respond(
                    url, {"response_type": "ephemeral", "replace_original": False, **message}, command=command
                )
                if not sent:
                    return

        task = asyncio.get_running_loop().create_task(send())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)


def topic_options(bot: Bot) -> list[dict[str, Any]]:
    """Modal choices: every command that answers without free text."""
    out = []
    for cmd in bot.registry:
        if cmd.name in ("help", "ask") or cmd.takes(TEXT):
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
            {
                "type": "input",
                "block_id": "topic",
                "optional": True,
                "label": {"type": "plain_text", "text": "Pick a topic"},
                "element": {
                    "type": "static_select",
                    "action_id": "topic",
                    "options": topic_options(bot),
                    "placeholder": {"type": "plain_text", "text": "Choose a topic"},
                },
            },
            {
                "type": "input",
                "block_id": "question",
                "optional": True,
                "label": {"type": "plain_text", "text": "…or type a question (used when given)"},
                "element": question,
            },
        ],
    }


def create_app(
    bot: Bot,
    *,
    token: str,
    signing_secret: str = "",
    api_url: str | None = None,
    commands: SlashCommands | None = None,
) -> AsyncApp:
    """The bolt app. Slash commands are answered in the acknowledgement itself; every listener
    that calls Slack's API acknowledges first and does that work lazily, after the response,
    so no request waits on another (`process_before_response` with lazy listeners)."""
    client = AsyncWebClient(
        base_url=api_url or DEFAULT_API_URL,
        timeout=delivery.TIMEOUT,
        retry_handlers=delivery.retry_handlers(),
    )
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        authorize=delivery.token_authorize(token, api_url or DEFAULT_API_URL),
        logger=log,
        process_before_response=True,
        ignoring_self_assistant_message_events_enabled=False,  # no assistant threads here
        attaching_function_token_enabled=False,  # no workflow functions here
    )
    seen = SeenEvents()
    commands = commands or SlashCommands(bot)

    async def just_ack(ack: AsyncAck) -> None:
        await ack()

    async def slash(ack: AsyncAck, command: dict[str, Any]) -> None:
        first, rest, ran = commands.answer(command)
        await ack(**first)
        commands.send_later(rest, command.get("response_url"), ran)

    async def run(body: dict[str, Any], action: dict[str, Any]) -> None:
        reply = bot.run_action(action.get("value", ""), platform="slack", user=body["user"]["id"])
        url, ephemeral = body.get("response_url"), bool(body.get("container", {}).get("is_ephemeral"))
        first, *rest = render_messages(reply)
        # in a private answer the next step replaces it; under a public one it comes privately
        if not await delivery.respond(
            url, {"response_type": "ephemeral", "replace_original": ephemeral, **first}, command=reply.command
        ):
            return
        for message in rest[:3]:
            await delivery.respond(
                url,
                {"response_type": "ephemeral", "replace_original": False, **message},
                command=reply.command,
            )

    async def share(body: dict[str, Any], action: dict[str, Any]) -> None:
        """Post the answer for everyone; the private one is removed only once that worked."""
        reply = bot.run_action(action.get("value", ""), platform="slack", user=body["user"]["id"])
        url = body.get("response_url")
        if reply.status is not Status.OK:  # nothing worth sharing: say so privately
            await delivery.respond(
                url,
                {"response_type": "ephemeral", "replace_original": False, **render_messages(reply)[0]},
                command=None,
            )
            return
        for message in render_messages(reply, share=False, shared_by=body["user"]["id"])[:4]:
            public = {"response_type": "in_channel", "replace_original": False, **message}
            if not await delivery.respond(url, public, command=reply.command):
                notice = "I couldn't post that in the channel just now; your private answer is still here."
                await delivery.respond(
                    url,
                    {"response_type": "ephemeral", "replace_original": False, "text": notice},
                    command=reply.command,
                )
                return
        await delivery.respond(url, {"delete_original": True}, command=reply.command)

    async def mention(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if not seen.first_time(body.get("event_id")):
            return
        reply = bot.answer(unescape(event.get("text", "")), platform="slack", user=event.get("user"))
        thread = event.get("thread_ts") or event.get("ts")
        for message in render_messages(reply, share=False):
            if not await delivery.call(
                client.chat_postMessage,
                command=reply.command,
                channel=event.get("channel"),
                thread_ts=thread,
                **message,
            ):
                return

    async def shortcut(shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        message = shortcut.get("message", {})
        ts = message.get("thread_ts") or message.get("ts", "")
        view = answer_modal(bot, shortcut["channel"]["id"], ts, unescape(message.get("text", "")))
        await delivery.call(
            client.views_open, command="shortcut", trigger_id=shortcut["trigger_id"], view=view
        )

    def submitted_text(view: dict[str, Any]) -> str:
        values = view.get("state", {}).get("values", {})
        question = (values.get("question", {}).get("question", {}).get("value") or "").strip()
        selected = values.get("topic", {}).get("topic", {}).get("selected_option") or {}
        return question or str(selected.get("value", ""))

    async def check_submission(ack: AsyncAck, view: dict[str, Any]) -> None:
        if not submitted_text(view):
            await ack(response_action="errors", errors={"question": "Pick a topic or type a question."})
        else:
            await ack()

    async def post_submission(body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        text = submitted_text(view)
        if not text:
            return
        meta = json.loads(view.get("private_metadata") or "{}")
        reply = bot.answer(text, platform="slack", user=body["user"]["id"])
        for message in render_messages(reply, share=False, shared_by=body["user"]["id"]):
            if not await delivery.call(
                client.chat_postMessage,
                command=reply.command,
                channel=meta["channel"],
                thread_ts=meta["ts"],
                **message,
            ):
                return

    app.command(commands.pattern)(slash)
    app.action(re.compile(rf"^{RUN_ACTION}:\d+$"))(ack=just_ack, lazy=[run])
    app.action(SHARE_ACTION)(ack=just_ack, lazy=[share])

    async def stale(body: dict[str, Any]) -> None:  # a button from an older version of the bot
        message = {"response_type": "ephemeral", "replace_original": False}
        await delivery.respond(
            body.get("response_url"),
            {**message, **render_messages(stale_action(bot.context()))[0]},
            command=None,
        )

    app.action(re.compile(".*"))(ack=just_ack, lazy=[stale])
    app.event("app_mention")(ack=just_ack, lazy=[mention])
    app.shortcut(SHORTCUT_ID)(ack=just_ack, lazy=[shortcut])
    app.view(VIEW_ID)(ack=check_submission, lazy=[post_submission])

    @app.error
    async def on_error(error: Exception) -> None:
        log.error("slack listener failed: %s", type(error).__name__)

    return app
