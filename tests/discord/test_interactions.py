"""Discord's HTTP interactions endpoint on `rolebot serve`, over loopback with real Ed25519
keys made here: PING, commands, autocomplete, buttons (Share, the guided decide), follow-ups
through the mock REST API's webhook, and forged, stale, tampered and oversized requests."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from rolebot.bot import Bot
from rolebot.settings import Settings
from rolebot_discord.payload import check_message
from tests.conftest import CONTENT
from tests.discord.conftest import APP_ID, USER_ID, MockDiscord, message_json
from tests.slack.conftest import start_uvicorn


@dataclass
class Endpoint:
    port: int
    key: Ed25519PrivateKey
    mock: MockDiscord

    def post(
        self,
        body: bytes,
        *,
        key: Ed25519PrivateKey | None = None,
        ts: int | None = None,
        sign: bytes | None = None,
    ) -> tuple[int, Any]:
        stamp = str(int(time.time()) if ts is None else ts)
        signature = (key or self.key).sign(stamp.encode() + (body if sign is None else sign)).hex()
        headers = {
            "Content-Type": "application/json",
            "X-Signature-Ed25519": signature,
            "X-Signature-Timestamp": stamp,
        }
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/discord/interactions", body, headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def interaction(
        self, kind: int, data: dict[str, Any], message: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": "777",
            "application_id": APP_ID,
            "type": kind,
            "data": data,
            "token": "itoken",
            "member": {"user": {"id": USER_ID, "username": "alice"}},
            "channel_id": "1",
            "version": 1,
        }
        if message is not None:
            body["message"] = message
        status, reply = self.post(json.dumps(body).encode())
        assert status == 200, reply
        if reply.get("type") in (4, 7):
            assert (
                check_message({**reply["data"], "allowed_mentions": reply["data"].get("allowed_mentions")})
                == []
            )
        return reply  # type: ignore[no-any-return]


@pytest.fixture
def endpoint(discord_api: MockDiscord) -> Iterator[Endpoint]:
    from rolebot.server import Mount, build_app
    from rolebot_discord.plugin import PLATFORM

    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    settings = Settings(
        content=CONTENT, environ={"DISCORD_PUBLIC_KEY": public, "DISCORD_API_URL": discord_api.base}
    )
    bot = Bot(settings=settings)
    mounted = PLATFORM.mount(bot, settings)
    assert isinstance(mounted, Mount)
    server, port, thread = start_uvicorn(build_app(bot, mounted))
    yield Endpoint(port, key, discord_api)
    server.should_exit = True
    thread.join(timeout=10)


def ids(reply: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for row in reply["data"].get("components", []) for b in row["components"]]


def test_ping_gets_pong(endpoint: Endpoint) -> None:
    assert endpoint.post(json.dumps({"type": 1, "id": "1", "application_id": APP_ID}).encode()) == (
        200,
        {"type": 1},
    )


def test_a_slash_command_is_answered_privately_in_the_response(endpoint: Endpoint) -> None:
    reply = endpoint.interaction(
        2,
        {
            "name": "salary",
            "options": [
                {"name": "level", "type": 3, "value": "senior"},
                {"name": "role", "type": 3, "value": "ml"},
            ],
        },
    )
    assert reply["type"] == 4 and reply["data"]["flags"] & 64
    assert "Senior ML Engineer" in reply["data"]["embeds"][0]["title"]
    assert "rb:s:salary senior ml" in ids(reply) and reply["data"]["allowed_mentions"] == {"parse": []}
    umbrella = endpoint.interaction(
        2, {"name": "rolebot", "options": [{"name": "input", "type": 3, "value": "which pays more?"}]}
    )
    assert umbrella["type"] == 4 and umbrella["data"]["embeds"][0]["title"].startswith("Which pays more")


def test_a_long_answer_follows_up_through_the_webhook(endpoint: Endpoint) -> None:
    from rolebot_discord.payload import render_messages

    bot = Bot(settings=Settings(content=CONTENT))
    pages = len(render_messages(bot.answer("more salary")))
    reply = endpoint.interaction(
        2, {"name": "more", "options": [{"name": "command", "type": 3, "value": "salary"}]}
    )
    assert reply["type"] == 4
    if pages > 1:
        calls = endpoint.mock.wait(f"/webhooks/{APP_ID}/itoken", count=pages - 1)
        assert len(calls) == pages - 1 and all(check_message(c.body) == [] for c in calls)
    decide = endpoint.interaction(
        2, {"name": "decide", "options": [{"name": "team", "type": 3, "value": "same"}]}
    )
    assert decide["type"] == 4 and any(i.startswith("rb:r:decide team:same company:") for i in ids(decide))


def test_autocomplete_answers_from_the_pack(endpoint: Endpoint) -> None:
    reply = endpoint.interaction(
        4, {"name": "faq", "options": [{"name": "question", "type": 3, "value": "easier", "focused": True}]}
    )
    assert reply["type"] == 8 and reply["data"]["choices"][0]["value"] == "3"
    assert 1 <= len(reply["data"]["choices"]) <= 25


def test_buttons_move_on_in_place_share_publicly_and_stale_ones_say_so(endpoint: Endpoint) -> None:
    private = {**message_json(), "flags": 64}
    step = endpoint.interaction(3, {"custom_id": "rb:r:decide team:same", "component_type": 2}, private)
    assert step["type"] == 7 and "rb:r:decide team:same company:ai" in ids(step)
    shared = endpoint.interaction(3, {"custom_id": "rb:s:salary senior ml", "component_type": 2}, private)
    assert shared["type"] == 4 and not shared["data"]["flags"] & 64
    assert shared["data"]["content"] == f"Shared by <@{USER_ID}>" and not any(
        i.startswith("rb:s:") for i in ids(shared)
    )
    under_public = endpoint.interaction(
        3, {"custom_id": "rb:r:salary ml", "component_type": 2}, message_json()
    )
    assert under_public["type"] == 4 and under_public["data"]["flags"] & 64
    stale = endpoint.interaction(3, {"custom_id": "legacy:7", "component_type": 2}, private)
    assert stale["data"]["embeds"][0]["title"] == "This button is out of date"


def test_forged_stale_tampered_and_oversized_requests_are_refused(endpoint: Endpoint) -> None:
    ping = json.dumps({"type": 1, "id": "1", "application_id": APP_ID}).encode()
    other = Ed25519PrivateKey.generate()
    assert endpoint.post(ping, key=other)[0] == 401  # forged
    assert endpoint.post(ping, ts=int(time.time()) - 3600)[0] == 401  # stale
    assert endpoint.post(ping, sign=ping.replace(b"1", b"2"))[0] == 401  # tampered
    req = urllib.request.Request(
        f"http://127.0.0.1:{endpoint.port}/discord/interactions", ping, {"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as unsigned:
        urllib.request.urlopen(req, timeout=10)
    assert unsigned.value.code == 401  # Discord's probe when the URL is saved
    big = b'{"type": 1, "pad": "' + b"x" * (2 << 20) + b'"}'
    try:
        status = endpoint.post(big)[0]
    except (urllib.error.URLError, ConnectionError):  # the server may close while we still send
        status = 413
    assert status == 413
    assert endpoint.mock.calls == []  # nothing was posted for any of them
