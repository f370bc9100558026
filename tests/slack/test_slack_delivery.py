"""No answer is lost silently when Slack's API fails: rate limits are retried after
Retry-After, 5xx and dropped connections with backoff, a final failure is logged with the call,
the status and the command (never the token), and Share removes the private answer only once
the public post succeeded."""

from __future__ import annotations

import json
import logging
import time

import pytest

from rolebot_slack.server import create_asgi
from tests.slack.conftest import SECRET, TOKEN, Served, block_action, start_uvicorn

RATE_LIMITED = (429, {"Retry-After": "1", "content-type": "text/plain"}, b"rate_limited")
BROKEN = (503, {"content-type": "text/plain"}, b"unavailable")
EXPIRED = (404, {"content-type": "text/plain"}, b"expired_url")
DROPPED = (0, {}, b"")


def failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "delivery failed" in r.getMessage()]


def test_a_rate_limited_response_url_is_retried_after_retry_after(served: Served) -> None:
    served.mock.fail("/response/act", RATE_LIMITED)
    started = time.monotonic()
    assert served.interact(block_action(served, "rolebot_run:0", "salary senior ai", True)) == 200
    posts = served.mock.wait("/response/act", 2, timeout=10)
    assert len(posts) == 2 and posts[0].body == posts[1].body  # the same message, sent again
    assert time.monotonic() - started >= 1  # after Retry-After, not before
    assert "£115-160k" in json.dumps(posts[1].body, ensure_ascii=False)


def test_server_errors_are_retried_with_backoff(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    served.mock.fail("/response/act", BROKEN, BROKEN)
    assert served.interact(block_action(served, "rolebot_run:0", "pivot", True)) == 200
    assert len(served.mock.wait("/response/act", 3, timeout=10)) == 3
    time.sleep(0.2)
    assert failures(caplog) == []


def test_a_final_failure_is_logged_with_call_status_and_command(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    served.mock.fail("/response/act", EXPIRED)
    assert served.interact(block_action(served, "rolebot_run:0", "salary staff ml", True)) == 200
    served.mock.wait("/response/act")
    end = time.monotonic() + 5
    while not failures(caplog) and time.monotonic() < end:
        time.sleep(0.02)
    (line,) = failures(caplog)
    assert "call=response_url" in line and "status=404" in line and "command=salary staff ml" in line
    assert TOKEN not in "\n".join(r.getMessage() for r in caplog.records)


def test_share_keeps_the_private_answer_when_the_public_post_fails(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    served.mock.fail("/response/act", BROKEN, BROKEN, BROKEN)  # the first try and both retries
    assert served.interact(block_action(served, "rolebot_share", "salary senior ml", True)) == 200
    posts = served.mock.wait("/response/act", 4, timeout=10)
    time.sleep(0.3)
    bodies = [c.body for c in served.mock.calls if c.path.startswith("/response/act")]
    assert not any(b.get("delete_original") for b in bodies)
    assert "couldn't post that in the channel" in bodies[-1]["text"]
    assert len(posts) == 4 and any("status=503" in line for line in failures(caplog))


def test_mention_reply_is_retried_when_rate_limited(served: Served) -> None:
    served.mock.fail("/api/chat.postMessage", RATE_LIMITED)
    event = {
        "type": "app_mention",
        "user": "U2",
        "text": "<@UBOT> which pays more?",
        "ts": "5.5",
        "channel": "C1",
    }
    assert served.event(event, "EvRate") == 200
    posts = served.mock.wait("/api/chat.postMessage", 2, timeout=10)
    assert len(posts) == 2 and posts[1].body["thread_ts"] == "5.5"


def test_an_unreachable_slack_at_start_up_does_not_break_events_or_buttons(
    bot, slack_api, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    """auth.test cannot be reached: requests are still acknowledged (no 500), and answers go
    out with the token alone once the API is there."""
    slack_api.fail("/api/auth.test", *[DROPPED] * 10)
    app = create_asgi(bot, token=TOKEN, signing_secret=SECRET, api_url=slack_api.base + "/api/")
    server, port, thread = start_uvicorn(app)
    try:
        served = Served(port, slack_api)
        assert served.interact(block_action(served, "rolebot_run:0", "skills ai", True)) == 200
        event = {"type": "app_mention", "user": "U2", "text": "<@UBOT> help", "ts": "6.6", "channel": "C1"}
        assert served.event(event, "EvDown") == 200
        assert served.mock.wait("/response/act") and served.mock.wait("/api/chat.postMessage")
        assert served.mock.wait("/api/chat.postMessage")[0].headers["Authorization"] == f"Bearer {TOKEN}"
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.mark.parametrize(
    ("action_id", "value"),
    [("rolebot_run:0", "nosuchcommand senior"), ("rolebot_share", "nosuchcommand"), ("legacy_button", "x")],
)
def test_a_stale_button_gets_an_out_of_date_reply(served: Served, action_id: str, value: str) -> None:
    assert served.interact(block_action(served, action_id, value, True)) == 200
    (post,) = served.mock.wait("/response/act")
    assert post.body["response_type"] == "ephemeral"
    assert post.body["blocks"][0]["text"]["text"] == "This button is out of date"
    time.sleep(0.2)
    assert not any(c.body.get("response_type") == "in_channel" for c in served.mock.calls)
