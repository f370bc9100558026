"""HTTP (ASGI, on uvicorn) and Socket Mode entry points for the Slack app."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from rolebot.bot import Bot
from rolebot.logs import configure

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class MissingSetting(Exception):
    """A required environment variable is not set."""


def env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise MissingSetting(f"{name} is not set")
    return value


async def send_json(send: Send, status: int, data: Any) -> None:
    body = json.dumps(data).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def create_asgi(
    bot: Bot,
    *,
    token: str,
    signing_secret: str,
    api_url: str | None = None,
    extra: dict[str, ASGIApp] | None = None,
) -> ASGIApp:
    """`POST /slack/events` (commands, events, interactivity) and `GET /healthz`.

    Slash commands take a fast path: the signature is checked with slack_sdk's own verifier
    and the answer is the response body, without bolt's per-request dispatch (measured in
    bench/slack_http.py). Everything else, and any request that is not a slash command we
    answer, goes to bolt, which verifies it again."""
    from urllib.parse import parse_qs

    from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
    from slack_sdk.signature import SignatureVerifier
    from slack_sdk.webhook.async_client import AsyncWebhookClient

    from rolebot_slack.app import SlashCommands, create_app

    commands = SlashCommands(bot)
    bolt = create_app(bot, token=token, signing_secret=signing_secret, api_url=api_url, commands=commands)
    handler = AsyncSlackRequestHandler(bolt)
    verifier = SignatureVerifier(signing_secret)
    routes = dict(extra or {})

    async def slack_events(scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if (
            headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
            and b"command=" in body
        ):
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
            if "payload" not in form and commands.pattern.match(form.get("command", "")):
                timestamp = headers.get("x-slack-request-timestamp", "")
                signature = headers.get("x-slack-signature", "")
                if not (timestamp.isdigit() and signature and verifier.is_valid(body, timestamp, signature)):
                    await send_json(send, 401, {"error": "invalid request"})
                    return
                first, rest = commands.answer(form)
                await send_json(send, 200, first)
                if rest and form.get("response_url"):
                    webhook = AsyncWebhookClient(form["response_url"])
                    commands.send_later(rest, webhook.send_dict)
                return
        replayed = False

        async def replay() -> MutableMapping[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await handler(scope, replay, send)  # type: ignore[arg-type]

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if path == "/healthz" and method in ("GET", "HEAD"):
                await send_json(send, 200, bot.health())
                return
            if path in routes:
                await routes[path](scope, receive, send)
                return
            if path == "/slack/events" and method == "POST":
                await slack_events(scope, receive, send)
                return
        await handler(scope, receive, send)  # type: ignore[arg-type]

    return app


def serve_http(bot: Bot, host: str, port: int) -> None:
    import uvicorn

    app = create_asgi(
        bot,
        token=env("SLACK_BOT_TOKEN"),
        signing_secret=env("SLACK_SIGNING_SECRET"),
        api_url=os.environ.get("SLACK_API_URL") or None,
    )
    bot.context().router  # build the question index before the first request  # noqa: B018
    configure()
    bot.watch()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


async def serve_socket(bot: Bot) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from rolebot_slack.app import create_app

    token, app_token = env("SLACK_BOT_TOKEN"), env("SLACK_APP_TOKEN")
    app = create_app(bot, token=token, api_url=os.environ.get("SLACK_API_URL") or None)
    bot.context().router  # noqa: B018
    configure()
    bot.watch()
    await AsyncSocketModeHandler(app, app_token).start_async()  # type: ignore[no-untyped-call]
