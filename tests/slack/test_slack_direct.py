"""Slack's direct answer (`SlackEvents.direct`, called by the server's protocol): the same bytes
as the ASGI way for every signed slash command, and None, leaving it to the ASGI way and its
refusals, for anything else."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolebot.bot import Bot
from rolebot_slack.server import SlackEvents, form_unquote
from tests.conftest import all_command_texts
from tests.slack.conftest import FORM, SECRET, TOKEN, MockSlack, command_body, signed_headers


@pytest.fixture
def events(bot: Bot, slack_api: MockSlack) -> SlackEvents:
    from rolebot.server import ServerApp
    from rolebot_slack.server import create_asgi

    app = create_asgi(bot, token=TOKEN, signing_secret=SECRET, api_url=slack_api.base + "/api/")
    assert isinstance(app, ServerApp)
    route = app.routes["/slack/events"]
    assert isinstance(route, SlackEvents) and app.direct == {"/slack/events": route.direct}
    return route


def scope_for(body: bytes, content_type: str = FORM, **changes: str) -> dict[str, Any]:
    headers = {**signed_headers(body, content_type), **changes}
    listed = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    listed.append((b"content-length", str(len(body)).encode()))
    return {"type": "http", "method": "POST", "path": "/slack/events", "headers": listed}


def the_asgi_way(events: SlackEvents, scope: dict[str, Any], body: bytes) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(events(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_every_command_is_the_same_bytes_both_ways(
    bot: Bot, events: SlackEvents, slack_api: MockSlack
) -> None:
    umbrella = bot.registry.umbrella
    texts = [*all_command_texts(bot.context())[::5], f"{umbrella} which pays more?", "salary senor m"]
    for text in [*texts, umbrella, "SALARY Senior ML", "rb-salary senior ml"]:
        word, _, rest = text.partition(" ")
        body = command_body(f"/{word}", rest, slack_api.base)
        scope = scope_for(body)
        status, asgi = the_asgi_way(events, scope, body)
        direct = events.direct(scope, body)
        assert status == 200 and direct == asgi, text
        assert json.loads(direct)["response_type"] == "ephemeral"


def test_anything_but_a_signed_slash_command_is_left_to_the_asgi_way(
    events: SlackEvents, slack_api: MockSlack
) -> None:
    body = command_body("/salary", "senior ml", slack_api.base)
    event = json.dumps({"type": "event_callback", "event": {"type": "app_mention"}}).encode()
    payload = b"payload=" + json.dumps({"type": "block_actions"}).encode()
    other = command_body("/weather", "x", slack_api.base)
    cases: dict[str, tuple[dict[str, Any], bytes]] = {
        "unsigned": ({"headers": [(b"content-type", FORM.encode())]}, body),
        "wrong signature": (scope_for(body, **{"X-Slack-Signature": "v0=" + "0" * 64}), body),
        "stale timestamp": (scope_for(body, **{"X-Slack-Request-Timestamp": "1000000000"}), body),
        "body changed after signing": (scope_for(body), body + b"&x=1"),
        "an event": (scope_for(event, "application/json"), event),
        "a button": (scope_for(payload), payload),
        "another app's command": (scope_for(other), other),
        "not UTF-8": (scope_for(b"command=%2Fsalary&text=\xff"), b"command=%2Fsalary&text=\xff"),
    }
    for name, (scope, data) in cases.items():
        assert events.direct(scope, data) is None, name


@pytest.mark.parametrize(
    "value",
    ["http%3A%2F%2F127.0.0.1%3A9%2Fr%2F1", "%2fsalary", "caf%C3%A9", "100%", "%zz", "%4", "a%41b", "%", ""],
)
def test_the_form_is_decoded_as_the_standard_library_decodes_it(value: str) -> None:
    from urllib.parse import unquote

    assert form_unquote(value) == unquote(value)


@given(st.text(alphabet=st.sampled_from("%%%0123456789abcdefABCDEFxyz/+é"), max_size=30))
def test_any_escapes_decode_as_the_standard_library_decodes_them(value: str) -> None:
    from urllib.parse import unquote

    assert form_unquote(value) == unquote(value)
