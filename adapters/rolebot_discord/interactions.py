"""Discord's HTTP interactions endpoint (`POST /discord/interactions` on `rolebot serve`): no
gateway, no discord.py. Each request is verified with Ed25519 over timestamp + raw body before
anything is parsed; PING gets PONG; commands, autocomplete and buttons are answered in the
HTTP response through the core's conversation flows, and the rest of a long answer follows
through the interaction's webhook on Discord's REST API."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from rolebot import events
from rolebot.bot import Bot
from rolebot.conversation import Conversation, Limits
from rolebot.kinds import MAX_CHOICES
from rolebot.reply import Reply
from rolebot.serving import (
    ASGIApp,
    BadRequest,
    Receive,
    Scope,
    Send,
    header,
    read_body,
    send_error,
    send_json,
)
from rolebot_discord.options import options_of, to_text
from rolebot_discord.payload import MAX_CUSTOM_ID, RUN, SHARE, render_messages

log = logging.getLogger("rolebot.discord")
DEFAULT_API = "https://discord.com/api/v10"
MAX_SKEW = 300  # seconds between Discord's timestamp and ours, past which a request is stale
PING, COMMAND, COMPONENT, AUTOCOMPLETE = 1, 2, 3, 4
PONG, MESSAGE, UPDATE, CHOICES = 1, 4, 7, 8
Message = dict[str, Any]


class Verifier:
    """Ed25519 signatures with the application's public key (DISCORD_PUBLIC_KEY, hex), through
    PyNaCl (libsodium: twice as fast as OpenSSL's here, see bench/discord_http.py)."""

    def __init__(self, public_key_hex: str) -> None:
        try:
            self.key = VerifyKey(bytes.fromhex(public_key_hex))
        except (ValueError, TypeError):
            raise ValueError("DISCORD_PUBLIC_KEY is not a 64-character hex Ed25519 key") from None

    @staticmethod
    def plausible(signature: str, timestamp: str) -> bool:
        """Refuse before reading the body: a missing, malformed or stale signature header."""
        if len(signature) != 128 or not timestamp.isdigit():
            return False
        try:
            bytes.fromhex(signature)
        except ValueError:
            return False
        return abs(time.time() - int(timestamp)) <= MAX_SKEW

    def valid(self, signature: str, timestamp: str, body: bytes) -> bool:
        try:
            self.key.verify(timestamp.encode() + body, bytes.fromhex(signature))
        except (BadSignatureError, ValueError):
            return False
        return True


@dataclass
class Place:
    """One interaction: its first answer is the HTTP response; the rest follow through its
    webhook once that response is sent."""

    application_id: str
    token: str
    response: Message | None = None
    later: list[Message] = field(default_factory=list)


class HttpSurface:
    limits = Limits(messages=5, follow_up=MAX_CUSTOM_ID, remove_shared=False)

    def __init__(self, api: str, public_url: str = "") -> None:
        self.api = api.rstrip("/")
        self.public_url = public_url  # where Discord fetches charts from (ROLEBOT_PUBLIC_URL)
        self.pending: set[asyncio.Task[None]] = set()
        self.session: aiohttp.ClientSession | None = None

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[Message]:
        return render_messages(
            reply, ephemeral=not public, share=share, shared_by=shared_by, charts=self.public_url
        )

    async def send(self, place: Place, message: Message, *, public: bool, command: str | None) -> bool:
        if place.response is None:
            place.response = {"type": MESSAGE, "data": message}
        else:
            place.later.append(message)
        return True

    async def replace(self, place: Place, message: Message, *, command: str | None) -> bool:
        data = {k: v for k, v in message.items() if k != "flags"}  # an update keeps its message's flags
        place.response = {"type": UPDATE, "data": data}
        return True

    async def delete(self, place: Place, *, command: str | None) -> bool:
        return False

    def follow_up(self, place: Place) -> None:
        """After the response: post the rest through the interaction's webhook, in order,
        stopping at the first that fails (logged and counted)."""
        if not place.later:
            return
        later, place.later = place.later, []

        async def post() -> None:
            if self.session is None or self.session.closed:
                self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
            url = f"{self.api}/webhooks/{place.application_id}/{place.token}"
            for message in later:
                try:
                    async with self.session.post(url, json=message) as resp:
                        if resp.status >= 300:
                            raise aiohttp.ClientResponseError(resp.request_info, (), status=resp.status)
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.error("discord delivery failed: call=followup error=%s", type(exc).__name__)
                    events.tell(events.DELIVERY_FAILED, platform="discord", call="followup")
                    return

        task = asyncio.get_running_loop().create_task(post())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)


def _values(options: list[dict[str, Any]]) -> tuple[dict[str, Any], str | None]:
    """An interaction's option values by name, and the one being typed (autocomplete)."""
    values: dict[str, Any] = {}
    focused = None
    for o in options:
        if o.get("type") in (1, 2):  # a sub-command: its own options
            inner, inner_focus = _values(o.get("options", []))
            values.update(inner)
            focused = focused or inner_focus
            continue
        values[o["name"]] = o.get("value")
        if o.get("focused"):
            focused = o["name"]
    return values, focused


def endpoint(bot: Bot, public_key: str, api: str | None = None, public_url: str = "") -> ASGIApp:
    """The ASGI endpoint for `POST /discord/interactions`."""
    verifier = Verifier(public_key)
    surface = HttpSurface(api or DEFAULT_API, public_url)
    flows = Conversation(bot, surface, "discord")
    umbrella = bot.registry.umbrella

    async def answer(body: dict[str, Any]) -> Message:
        kind = body.get("type")
        if kind == PING:
            return {"type": PONG}
        data = body.get("data") or {}
        user = str(((body.get("member") or {}).get("user") or body.get("user") or {}).get("id", "")) or None
        place = Place(str(body.get("application_id", "")), str(body.get("token", "")))
        if kind in (COMMAND, AUTOCOMPLETE):
            name = str(data.get("name", ""))
            values, focused = _values(data.get("options", []))
            if name == umbrella:
                text = str(values.get("input") or "help")
                cmd = None
            else:
                cmd = bot.registry.find(name)
                if cmd is None:
                    await flows.stale(place, in_private=False)
                    return place.response or {"type": PONG}
                kinds = {o.name: k for o, k in options_of(bot, cmd)}
                text = to_text(cmd, values, kinds)
            if kind == AUTOCOMPLETE:
                choices = []
                if cmd is not None and focused is not None:
                    kinds = {o.name: k for o, k in options_of(bot, cmd)}
                    pack = values.get("pack")
                    found = kinds[focused].complete(
                        bot.context(pack if isinstance(pack, str) else None), str(values.get(focused) or "")
                    )
                    choices = [{"name": c.label[:100], "value": c.value[:100]} for c in found[:MAX_CHOICES]]
                return {"type": CHOICES, "data": {"choices": choices}}
            await flows.command(place, text, user)
        elif kind == COMPONENT:
            custom_id = str(data.get("custom_id", ""))
            in_private = bool(((body.get("message") or {}).get("flags") or 0) & 64)
            if custom_id.startswith(SHARE):
                where = str(body.get("channel_id") or "") or None
                await flows.share(place, custom_id[len(SHARE) :], user, where)
            elif custom_id.startswith(RUN):
                await flows.follow(place, custom_id[len(RUN) :], user, in_private=in_private)
            else:
                await flows.stale(place, in_private=in_private)
        else:
            raise BadRequest(400, "unknown interaction type")
        surface.follow_up(place)
        return place.response or {"type": PONG}

    async def interactions(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await send_json(send, 405, {"error": "use POST"}, [(b"allow", b"POST")])
            return
        signature = header(scope, b"x-signature-ed25519")
        timestamp = header(scope, b"x-signature-timestamp")
        try:
            if not verifier.plausible(signature, timestamp):  # refused before reading the body
                raise BadRequest(401, "invalid request signature")
            body = await read_body(scope, receive)
            if not verifier.valid(signature, timestamp, body):
                raise BadRequest(401, "invalid request signature")
            # verified: from here on the body may be parsed
            try:
                parsed = json.loads(body)
            except ValueError:
                raise BadRequest(400, "malformed JSON") from None
            if not isinstance(parsed, dict):
                raise BadRequest(400, "malformed interaction")
            reply = await answer(parsed)
        except BadRequest as error:
            await send_error(send, error)
            return
        await send_json(send, 200, reply)

    return interactions
