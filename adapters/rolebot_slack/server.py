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


def create_asgi(
    bot: Bot,
    *,
    token: str,
    signing_secret: str,
    api_url: str | None = None,
    extra: dict[str, ASGIApp] | None = None,
) -> ASGIApp:
    """`POST /slack/events` (commands, events, interactivity) and `GET /healthz`."""
    from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler

    from rolebot_slack.app import create_app

    handler = AsyncSlackRequestHandler(
        create_app(bot, token=token, signing_secret=signing_secret, api_url=api_url)
    )
    routes = dict(extra or {})

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if scope["path"] == "/healthz" and scope["method"] in ("GET", "HEAD"):
                await send_json(send, 200, bot.health())
                return
            if scope["path"] in routes:
                await routes[scope["path"]](scope, receive, send)
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
