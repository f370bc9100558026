"""Loopback fixtures for the Slack adapter: a real uvicorn server running the app, a mock
Slack Web API that records calls, and requests signed exactly as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytest.importorskip("slack_bolt")

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class MockSlack:
    """Slack's Web API and response_url webhooks, on loopback."""

    server: ThreadingHTTPServer
    calls: list[Call] = field(default_factory=list)
    socket_url: str = ""
    # path prefix -> answers (status, headers, body) given, in order, before the normal one;
    # status 0 drops the connection without answering
    script: dict[str, list[tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    uploads: list[bytes] = field(default_factory=list)  # file bytes sent to upload URLs

    def fail(self, prefix: str, *answers: tuple[int, dict[str, str], bytes]) -> None:
        self.script.setdefault(prefix, []).extend(answers)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait(self, path: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = [c for c in self.calls if c.path.startswith(path)]
            if len(found) >= count:
                return found
            time.sleep(0.01)
        return [c for c in self.calls if c.path.startswith(path)]


def _mock_slack() -> MockSlack:
    mock: MockSlack

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            data_in = self.rfile.read(int(self.headers.get("content-length", 0)))
            raw = data_in.decode(errors="replace")
            if self.path.startswith("/upload/"):  # a file's bytes, as files.getUploadURLExternal asked
                mock.uploads.append(data_in)
                raw = ""
            if self.headers.get("content-type", "").startswith("application/json"):
                body = json.loads(raw or "{}")
            else:
                body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
            if "?" in self.path:  # Web API arguments sent in the query string count as the body's
                self.path, _, query = self.path.partition("?")
                body = {**{k: v[0] for k, v in urllib.parse.parse_qs(query).items()}, **(body or {})}
            mock.calls.append(Call(self.path, dict(self.headers), body))
            for prefix, queue in mock.script.items():
                if self.path.startswith(prefix) and queue:
                    status, headers, data = queue.pop(0)
                    if status == 0:  # drop the connection without an answer
                        self.close_connection = True
                        return
                    self.send_response(status)
                    for k, v in {**headers, "content-length": str(len(data))}.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                    return
            if self.path.startswith("/response/"):
                data = b"ok"
            elif self.path == "/api/auth.test":
                data = json.dumps(
                    {
                        "ok": True,
                        "user_id": "UBOT",
                        "bot_id": "BBOT",
                        "team_id": "T1",
                        "team": "Test",
                        "user": "rolebot",
                        "url": "https://test.slack.com/",
                    }
                ).encode()
            elif self.path == "/api/oauth.v2.access":  # code "code-T7" installs team T7
                team = str(body.get("code", "")).rpartition("-")[2] or "T0"
                data = json.dumps(
                    {
                        "ok": True,
                        "access_token": f"xoxb-{team}",
                        "token_type": "bot",
                        "scope": "commands,chat:write,chat:write.public,app_mentions:read",
                        "bot_user_id": f"UBOT{team}",
                        "app_id": "A1",
                        "team": {"id": team, "name": f"Team {team}"},
                        "enterprise": None,
                        "is_enterprise_install": False,
                        "authed_user": {"id": "UADMIN"},
                    }
                ).encode()
            elif self.path == "/api/files.getUploadURLExternal":
                n = len(mock.uploads) + 1
                data = json.dumps(
                    {"ok": True, "upload_url": f"{mock.base}/upload/F{n}", "file_id": f"F{n}"}
                ).encode()
            elif self.path == "/api/files.completeUploadExternal":
                data = json.dumps({"ok": True, "files": [{"id": "F1", "title": "chart"}]}).encode()
            elif self.path == "/api/conversations.open":
                data = json.dumps({"ok": True, "channel": {"id": f"D{body.get('users', 'X')}"}}).encode()
            elif self.path == "/api/apps.connections.open":
                data = json.dumps({"ok": True, "url": mock.socket_url}).encode()
            else:
                data = json.dumps({"ok": True, "ts": f"{time.time():.6f}", "channel": "C1"}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    mock = MockSlack(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return mock


@pytest.fixture
def slack_api() -> Iterator[MockSlack]:
    mock = _mock_slack()
    yield mock
    mock.server.shutdown()


@dataclass
class Served:
    port: int
    mock: MockSlack

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def post_signed(
        self,
        body: bytes,
        content_type: str,
        *,
        ts: int | None = None,
        secret: str = SECRET,
        extra: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        return self.request(
            "POST", "/slack/events", body, signed_headers(body, content_type, ts, secret, extra)
        )

    def command(self, command: str, text: str, **kw: Any) -> tuple[int, Any]:
        status, _, data = self.post_signed(command_body(command, text, self.mock.base), FORM, **kw)
        return status, (json.loads(data) if data.startswith(b"{") else data)

    def interact(self, payload: dict[str, Any]) -> int:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post_signed(body, FORM)[0]

    def event(self, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": "T1",
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
                "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            }
        ).encode()
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post_signed(body, "application/json", extra=extra)[0]


FORM = "application/x-www-form-urlencoded"


def signed_headers(
    body: bytes,
    content_type: str,
    ts: int | None = None,
    secret: str = SECRET,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    stamp = str(int(time.time()) if ts is None else ts)
    base = b"v0:" + stamp.encode() + b":" + body
    sig = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sig,
        **(extra or {}),
    }


def command_body(command: str, text: str, base: str) -> bytes:
    return urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "test",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": "U1",
            "user_name": "alice",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": f"{base}/response/cmd",
            "trigger_id": "1.2.3",
        }
    ).encode()


def start_uvicorn(app: Any) -> tuple[Any, int, threading.Thread]:
    import socket

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    from rolebot.serving import config

    server = uvicorn.Server(config(app, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    end = time.monotonic() + 10
    while not server.started and time.monotonic() < end:
        time.sleep(0.01)
    assert server.started, "uvicorn did not start"
    return server, port, thread


@pytest.fixture
def served(bot, slack_api: MockSlack) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    from rolebot_slack.server import create_asgi

    app = create_asgi(bot, token=TOKEN, signing_secret=SECRET, api_url=slack_api.base + "/api/")
    server, port, thread = start_uvicorn(app)
    yield Served(port, slack_api)
    server.should_exit = True
    thread.join(timeout=5)


def block_action(served: Served, action_id: str, value: str, ephemeral: bool) -> dict:  # type: ignore[type-arg]
    return {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "test"},
        "user": {"id": "U1", "name": "alice"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C1", "is_ephemeral": ephemeral},
        "channel": {"id": "C1", "name": "general"},
        "response_url": f"{served.mock.base}/response/act",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "rolebot_actions",
                "value": value,
                "text": {"type": "plain_text", "text": "x"},
                "action_ts": "1.2",
            }
        ],
    }
