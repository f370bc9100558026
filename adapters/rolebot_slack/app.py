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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from rolebot.bot import Bot
from rolebot.kinds import TEXT
from rolebot.markup import plain
from rolebot.render.lengths import shorten
from rolebot_slack import delivery
from rolebot_slack.blocks import HOME_ACTION, RUN_ACTION, SHARE_ACTION, home_view
from rolebot_slack.commands import SlashCommands
from rolebot_slack.manifest import SHORTCUT_ID
from rolebot_slack.mrkdwn import unescape
from rolebot_slack.paths import INSTALL_PATH, REDIRECT_PATH
from rolebot_slack.surface import Place

if TYPE_CHECKING:
    from rolebot_slack.workspaces import SharedEvents, Workspaces

log = logging.getLogger("rolebot.slack")
VIEW_ID = "rolebot_answer_view"
DEFAULT_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class OAuth:
    """Multi-workspace mode: the app's OAuth credentials and the database it keeps."""

    client_id: str
    client_secret: str
    workspaces: Workspaces
    redirect_url: str | None = None  # e.g. https://bot.example.com/slack/oauth_redirect


class SeenEvents:
    """Event ids already handled, so that Slack's retries never post twice."""

    def __init__(self, ttl: float = 3600, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self.seen: OrderedDict[str, float] = OrderedDict()

    async def first_time(self, event_id: str | None) -> bool:
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
    token: str = "",
    signing_secret: str = "",
    api_url: str | None = None,
    commands: SlashCommands | None = None,
    oauth: OAuth | None = None,
) -> AsyncApp:
    """The bolt app. Slash commands are answered in the acknowledgement itself; every listener
    that calls Slack's API acknowledges first and does that work lazily, after the response,
    so no request waits on another (`process_before_response` with lazy listeners).

    With `oauth`, it serves many workspaces: each request is authorized through the
    installation store (its own workspace's token), installs go through bolt's OAuth flow, and
    uninstalls and revoked tokens remove what they must."""
    client = AsyncWebClient(
        base_url=api_url or DEFAULT_API_URL,
        timeout=delivery.TIMEOUT,
        retry_handlers=delivery.retry_handlers(),
    )
    common: dict[str, Any] = {
        "client": client,
        "signing_secret": signing_secret,
        "logger": log,
        "process_before_response": True,
        "ignoring_self_assistant_message_events_enabled": False,  # no assistant threads here
        "attaching_function_token_enabled": False,  # no workflow functions here
    }
    seen: SeenEvents | SharedEvents
    if oauth is None:
        app = AsyncApp(authorize=delivery.token_authorize(token, api_url or DEFAULT_API_URL), **common)
        seen = SeenEvents()
    else:
        from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

        from rolebot_slack.manifest import BOT_SCOPES
        from rolebot_slack.workspaces import STATE_SECONDS

        settings = AsyncOAuthSettings(
            client_id=oauth.client_id,
            client_secret=oauth.client_secret,
            scopes=BOT_SCOPES,
            installation_store=oauth.workspaces.installations,
            state_store=oauth.workspaces.states,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            redirect_uri=oauth.redirect_url,
            state_expiration_seconds=STATE_SECONDS,
        )
        app = AsyncApp(installation_store=oauth.workspaces.installations, oauth_settings=settings, **common)
        app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked
        seen = oauth.workspaces.events
    commands = commands or SlashCommands(bot)
    flows = commands.conversation

    async def just_ack(ack: AsyncAck) -> None:
        await ack()

    async def slash(ack: AsyncAck, command: dict[str, Any]) -> None:
        place = commands.answer(command)
        await ack(**(place.ack or {}))
        commands.flush(place)

    def place_of(body: dict[str, Any]) -> Place:
        return Place(url=body.get("response_url"))

    async def run(body: dict[str, Any], action: dict[str, Any]) -> None:
        # in a private answer the next step replaces it; under a public one it comes privately
        in_private = bool(body.get("container", {}).get("is_ephemeral"))
        await flows.follow(place_of(body), action.get("value", ""), body["user"]["id"], in_private=in_private)

    async def share(body: dict[str, Any], action: dict[str, Any]) -> None:
        channel = (body.get("channel") or {}).get("id")
        await flows.share(place_of(body), action.get("value", ""), body["user"]["id"], channel)

    async def mention(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if not await seen.first_time(body.get("event_id")):
            return
        thread = event.get("thread_ts") or event.get("ts")
        place = Place(client=client, channel=event.get("channel"), thread=thread, user=event.get("user"))
        await flows.mention(
            place, unescape(event.get("text", "")), event.get("user"), where=event.get("channel")
        )

    async def direct(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        """A direct message to the bot: answered in the conversation."""
        if not await seen.first_time(body.get("event_id")):
            return
        channel = event.get("channel")
        place = Place(client=client, channel=channel, thread=event.get("thread_ts"), user=event.get("user"))
        await flows.mention(place, unescape(event.get("text", "")), event.get("user"), where=channel)

    def is_direct(event: dict[str, Any]) -> bool:
        # a person's own message in a DM with the bot: not an edit, a join, or the bot's own post
        return (
            event.get("channel_type") == "im"
            and not event.get("subtype")
            and not event.get("bot_id")
            and bool(event.get("user"))
        )

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
        user = body["user"]["id"]
        place = Place(client=client, channel=meta["channel"], thread=meta["ts"], user=user)
        # posted in the thread, naming who asked
        await flows.mention(place, text, user, shared_by=user, where=meta["channel"])

    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        """The App Home tab: what the bot answers, the topics and the source."""
        if event.get("tab", "home") != "home":
            return
        view = home_view(bot.answer("help"))
        await delivery.call(client.views_publish, command="home", user_id=event.get("user"), view=view)

    async def home_button(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """A topic on the Home tab: answered in a DM with whoever clicked."""
        user = body["user"]["id"]
        try:
            opened = await client.conversations_open(users=user)
        except Exception as exc:  # logged like every other failed call, nothing posted
            log.error("slack delivery failed: call=conversations_open error=%s", type(exc).__name__)
            return
        channel = (opened.get("channel") or {}).get("id")
        place = Place(client=client, channel=channel, user=user)
        await flows.direct(place, action.get("value", ""), user, where=channel)

    app.command(commands.pattern)(slash)
    app.event("app_home_opened")(ack=just_ack, lazy=[home])
    app.action(re.compile(rf"^{HOME_ACTION}:\d+$"))(ack=just_ack, lazy=[home_button])
    app.action(re.compile(rf"^{RUN_ACTION}:\d+$"))(ack=just_ack, lazy=[run])
    app.action(SHARE_ACTION)(ack=just_ack, lazy=[share])

    async def stale(body: dict[str, Any]) -> None:  # a button from an older version of the bot
        await flows.stale(place_of(body), in_private=False)

    app.action(re.compile(".*"))(ack=just_ack, lazy=[stale])
    app.event("app_mention")(ack=just_ack, lazy=[mention])

    # the assistant side panel (a paid Slack plan): a greeting and prompts from the content, and
    # each question answered in its thread, with a status while answering and the thread titled
    from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant

    assistant = AsyncAssistant(logger=log)

    async def assistant_started(payload: dict[str, Any], client: AsyncWebClient) -> None:
        thread = payload.get("assistant_thread", {})
        channel, ts = thread.get("channel_id"), thread.get("thread_ts")
        pack = bot.context().pack
        hello = bot.answer("hi")
        await delivery.call(
            client.chat_postMessage, command="assistant", channel=channel, thread_ts=ts, text=hello.title
        )
        prompts = [{"title": f.question[:75], "message": f.question} for f in pack.faq[:4]]
        await delivery.call(
            client.assistant_threads_setSuggestedPrompts,
            command="assistant",
            channel_id=channel,
            thread_ts=ts,
            prompts=prompts,
        )

    async def assistant_asked(payload: dict[str, Any], client: AsyncWebClient) -> None:
        channel, ts, user = payload.get("channel"), payload.get("thread_ts"), payload.get("user")
        text = unescape(payload.get("text", ""))
        await delivery.call(
            client.assistant_threads_setTitle,
            command="assistant",
            channel_id=channel,
            thread_ts=ts,
            title=text[:255] or "A question",
        )
        await delivery.call(
            client.assistant_threads_setStatus,
            command="assistant",
            channel_id=channel,
            thread_ts=ts,
            status="is looking it up...",
        )
        place = Place(client=client, channel=channel, thread=ts, user=user)
        await flows.mention(place, text, user, where=channel)

    assistant.thread_started(lazy=[assistant_started])(just_ack)  # type: ignore[list-item]
    assistant.user_message(lazy=[assistant_asked])(just_ack)  # type: ignore[list-item]
    app.assistant(assistant)

    async def direct_only(event: dict[str, Any]) -> bool:
        return is_direct(event)

    app.event("message", matchers=[direct_only])(ack=just_ack, lazy=[direct])
    app.event("message")(just_ack)  # every other message event: acknowledged, nothing else
    app.shortcut(SHORTCUT_ID)(ack=just_ack, lazy=[shortcut])
    app.view(VIEW_ID)(ack=check_submission, lazy=[post_submission])

    @app.error
    async def on_error(error: Exception) -> None:
        log.error("slack listener failed: %s", type(error).__name__)

    return app
