"""Getting answers to Slack, and saying so when that fails.

Every Web API and `response_url` call goes through here: slack_sdk's retry handlers retry
rate limits after `Retry-After`, connection errors and timeouts, and 5xx answers with backoff;
a final failure is logged with the call, the status and the command (never the token or the
user's text), and the caller learns whether the message arrived."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientConnectionError, ClientOSError, ServerDisconnectedError
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from rolebot import events

log = logging.getLogger("rolebot.slack")

TIMEOUT = 10  # seconds for one HTTP call
RETRIES = 2  # of each kind, on top of the first try
MAX_RETRY_AFTER = 30  # seconds: a longer Retry-After is not waited for
Message = dict[str, Any]


class ServerErrorRetryHandler(AsyncRetryHandler):
    """Retries any 5xx answer (slack_sdk's own handler covers only 500 and 503)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


class RateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """429 after its Retry-After, unless that is longer than we can wait."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        after = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        value = after[0] if isinstance(after, list) else after
        return str(value).isdigit() and int(value) <= MAX_RETRY_AFTER


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(
            max_retry_count=RETRIES,
            error_types=[
                ClientConnectionError,
                ServerDisconnectedError,
                ClientOSError,
                asyncio.TimeoutError,
            ],
        ),
        RateLimitRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
    ]


async def respond(url: str | None, message: Message, *, command: str | None) -> bool:
    """POST `message` to a `response_url`; True when Slack took it."""
    if not url:
        log.error("slack delivery failed: call=response_url error=no_url command=%s", command)
        events.tell(events.DELIVERY_FAILED, platform="slack", call="response_url")
        return False
    client = AsyncWebhookClient(url, timeout=TIMEOUT, retry_handlers=retry_handlers())
    try:
        response = await client.send_dict(message)
    except Exception as exc:  # every retry spent: connection refused, timeouts...
        log.error("slack delivery failed: call=response_url error=%s command=%s", type(exc).__name__, command)
        events.tell(events.DELIVERY_FAILED, platform="slack", call="response_url")
        return False
    if response.status_code != 200:
        log.error(
            "slack delivery failed: call=response_url status=%s error=%s command=%s",
            response.status_code,
            (response.body or "")[:60],
            command,
        )
        events.tell(events.DELIVERY_FAILED, platform="slack", call="response_url")
        return False
    return True


async def call(method: Callable[..., Awaitable[Any]], *, command: str | None, **kwargs: Any) -> bool:
    """Call a Web API method (`client.chat_postMessage`...); True when it answered ok."""
    name = getattr(method, "__name__", "api")
    try:
        await method(**kwargs)
        return True
    except SlackApiError as exc:
        log.error(
            "slack delivery failed: call=%s status=%s error=%s command=%s",
            name,
            exc.response.status_code,
            exc.response.get("error"),
            command,
        )
    except Exception as exc:
        log.error("slack delivery failed: call=%s error=%s command=%s", name, type(exc).__name__, command)
    events.tell(events.DELIVERY_FAILED, platform="slack", call=name)
    return False


AUTH_RETRY_EVERY = 30.0  # seconds between auth.test attempts while Slack is unreachable


def token_authorize(token: str, base_url: str) -> Callable[..., Awaitable[AuthorizeResult]]:
    """Single-workspace authorization that never turns a request into an error because Slack
    is unreachable: the bot's identity (auth.test) is fetched once it can be, at most every
    `AUTH_RETRY_EVERY` seconds and without retries (it runs before the 3 s acknowledgement),
    and meanwhile requests go ahead with the token alone."""
    client = AsyncWebClient(base_url=base_url, timeout=1, retry_handlers=[])
    identity: dict[str, Any] = {}
    failed_at = -AUTH_RETRY_EVERY

    async def authorize(
        enterprise_id: str | None, team_id: str | None, user_id: str | None
    ) -> AuthorizeResult:
        nonlocal failed_at
        if not identity and time.monotonic() - failed_at >= AUTH_RETRY_EVERY:
            try:
                result = await client.auth_test(token=token)
                identity.update(user_id=result.get("user_id"), bot_id=result.get("bot_id"))
            except Exception as exc:
                failed_at = time.monotonic()
                log.warning("slack auth.test failed (%s); answering with the token alone", type(exc).__name__)
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=token,
            bot_user_id=identity.get("user_id"),
            bot_id=identity.get("bot_id"),
            user_id=user_id,
        )

    return authorize
