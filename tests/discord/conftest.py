"""A mock Discord HTTP API on loopback, and a logged-in discord.py client pointed at it.

Interactions and messages are fed through discord.py's own gateway parsers
(`parse_interaction_create`, `parse_message_create`), exactly as the gateway would, and what
the bot sends arrives at the mock over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytest.importorskip("discord")

APP_ID = "100000000000000001"
BOT_ID = "100000000000000002"
GUILD_ID = "100000000000000003"
CHANNEL_ID = "100000000000000004"
USER_ID = "100000000000000005"


@dataclass
class Call:
    method: str
    path: str
    body: Any


@dataclass
class MockDiscord:
    server: ThreadingHTTPServer
    calls: list[Call] = field(default_factory=list)
    # path fragment -> statuses answered, in order, before the normal answer
    script: dict[str, list[int]] = field(default_factory=dict)
    gateway_url: str = ""  # what GET /gateway/bot names (a fake gateway in tests)

    def fail(self, fragment: str, *statuses: int) -> None:
        self.script.setdefault(fragment, []).extend(statuses)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v10"

    def wait(self, fragment: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = [c for c in self.calls if fragment in c.path]
            if len(found) >= count:
                return found
            time.sleep(0.01)
        return [c for c in self.calls if fragment in c.path]


def user(uid: str, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": uid,
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


def message_json(channel: str = CHANNEL_ID, mid: str = "300", content: str = "ok") -> dict[str, Any]:
    return {
        "id": mid,
        "channel_id": channel,
        "author": user(BOT_ID, "rolebot", True),
        "content": content,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


def start_mock() -> MockDiscord:
    mock: MockDiscord

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, status: int, data: Any) -> None:
            raw = json.dumps(data).encode() if data is not None else b""
            self.send_response(status)
            if raw:
                self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0) or 0))
            body: Any = None
            if raw:
                ctype = self.headers.get("content-type", "")
                if ctype.startswith("application/json"):
                    body = json.loads(raw)
                elif "multipart" in ctype:  # the payload_json part; files are kept by name
                    boundary = ctype.split("boundary=", 1)[1].strip('"').encode()
                    files = {}
                    for part in raw.split(b"--" + boundary):
                        head, _, content = part.partition(b"\r\n\r\n")
                        content = content.removesuffix(b"\r\n")
                        if b'name="payload_json"' in head:
                            body = json.loads(content)
                        elif b"filename=" in head:
                            name = head.split(b'filename="', 1)[1].split(b'"', 1)[0].decode()
                            files[name] = content
                    if isinstance(body, dict):
                        body["_files"] = files
            path = self.path.split("?")[0]
            mock.calls.append(Call(self.command, path, body))
            for fragment, queue in mock.script.items():
                if fragment in path and queue:
                    return self._reply(queue.pop(0), {"message": "scripted failure", "code": 0})
            if path.endswith("/gateway/bot") or path.endswith("/gateway"):
                return self._reply(
                    200,
                    {
                        "url": mock.gateway_url,
                        "shards": 1,
                        "session_start_limit": {
                            "total": 1000,
                            "remaining": 1000,
                            "reset_after": 0,
                            "max_concurrency": 1,
                        },
                    },
                )
            if path.endswith("/users/@me"):
                return self._reply(200, {**user(BOT_ID, "rolebot", True), "flags": 0, "mfa_enabled": False})
            if path.endswith("/oauth2/applications/@me"):
                return self._reply(
                    200,
                    {
                        "id": APP_ID,
                        "name": "rolebot",
                        "description": "",
                        "icon": None,
                        "bot_public": True,
                        "bot_require_code_grant": False,
                        "owner": user(USER_ID, "owner"),
                        "verify_key": "x",
                        "flags": 0,
                    },
                )
            if "/callback" in path:  # with_response=1: Discord answers with the callback resource
                iid = path.split("/interactions/")[1].split("/")[0]
                kind = (body or {}).get("type", 4)
                flags = ((body or {}).get("data") or {}).get("flags", 0) or 0
                return self._reply(
                    200,
                    {
                        "interaction": {
                            "id": iid,
                            "type": 2,
                            "response_message_id": "900",
                            "response_message_loading": False,
                            "response_message_ephemeral": bool(flags & 64),
                        },
                        "resource": {"type": kind, "message": {**message_json(mid="900"), "flags": flags}},
                    },
                )
            if path.endswith("/commands") and self.command == "PUT":
                cmds = [
                    {**c, "id": str(200 + i), "application_id": APP_ID, "version": "1"}
                    for i, c in enumerate(body or [])
                ]
                return self._reply(200, cmds)
            if "/messages" in path or "/webhooks/" in path:
                return self._reply(200, message_json())
            return self._reply(404, {"message": "Unknown", "code": 0})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    mock = MockDiscord(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return mock


@pytest.fixture
def discord_api() -> Any:
    mock = start_mock()
    yield mock
    mock.server.shutdown()


def interaction_json(
    iid: str, kind: int, data: dict[str, Any], message: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An INTERACTION_CREATE's data, as Discord sends it."""
    payload: dict[str, Any] = {
        "id": iid,
        "application_id": APP_ID,
        "type": kind,
        "data": data,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": {
            "id": CHANNEL_ID,
            "type": 0,
            "guild_id": GUILD_ID,
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permissions": "0",
        },
        "member": {
            "user": user(USER_ID, "alice"),
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "permissions": "0",
            "flags": 0,
        },
        "token": f"tok{iid}",
        "version": 1,
        "locale": "en-GB",
        "guild_locale": "en-GB",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "context": 0,
        "attachment_size_limit": 8388608,
    }
    if message is not None:
        payload["message"] = message
    return payload


@dataclass
class Live:
    client: Any
    mock: MockDiscord
    n: int = 0

    def interaction(self, kind: int, data: dict[str, Any], message: dict[str, Any] | None = None) -> str:
        """Feed an INTERACTION_CREATE as the gateway would; return its id."""
        self.n += 1
        iid = str(500 + self.n)
        payload = interaction_json(iid, kind, data, message)
        self.client._connection.parse_interaction_create(payload)
        return iid

    def command(self, name: str, **options: Any) -> str:
        opts = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        return self.interaction(2, {"id": "1", "name": name, "type": 1, "options": opts})

    def callback(self, iid: str) -> Any:
        calls = self.mock.wait(f"/interactions/{iid}/")
        assert calls, f"no callback for interaction {iid}"
        return calls[0].body


@pytest.fixture
async def live(bot, discord_api: MockDiscord) -> AsyncIterator[Live]:  # type: ignore[no-untyped-def]
    import discord

    from rolebot_discord.bot import configure_api, create_client

    old = discord.http.Route.BASE
    configure_api(discord_api.base)
    client = create_client(bot)
    await client.login("test-token")
    client._connection.application_id = int(APP_ID)
    try:
        yield Live(client, discord_api)
    finally:
        await client.close()
        discord.http.Route.BASE = old
