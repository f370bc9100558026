"""Live reload against a running server with real file edits, and the structured answer log."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rolebot.bot import Bot
from tests.slack.conftest import SECRET, TOKEN, MockSlack, Served, start_uvicorn


@pytest.fixture
def live(pack_copy: Path, slack_api: MockSlack) -> Iterator[tuple[Served, Bot, Path]]:
    from rolebot_slack.server import create_asgi

    bot = Bot(content=pack_copy.parent)
    bot.watch(interval=0.05)
    server, port, thread = start_uvicorn(
        create_asgi(bot, token=TOKEN, signing_secret=SECRET, api_url=slack_api.base + "/api/")
    )
    yield Served(port, slack_api), bot, pack_copy
    server.should_exit = True
    thread.join(timeout=5)


def health(served: Served) -> dict:  # type: ignore[type-arg]
    return json.loads(served.request("GET", "/healthz")[2])


def wait_for(check, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_edits_are_picked_up_and_broken_edits_refused(live, caplog) -> None:  # type: ignore[no-untyped-def]
    served, _bot, pack = live
    caplog.set_level(logging.INFO)
    before = health(served)
    assert before["packs"]["ai-vs-ml-engineer"] and before["content_version"]
    assert "£50-70k" in json.dumps(served.command("/salary", "junior ml")[1], ensure_ascii=False)

    salary = pack / "salary.toml"  # a test copy: the figure is changed only to see the edit land
    salary.write_text(salary.read_text().replace("low = 50, high = 70", "low = 50, high = 71", 1))
    assert wait_for(lambda: health(served)["content_version"] != before["content_version"])
    assert "£50-71k" in json.dumps(served.command("/salary", "junior ml")[1], ensure_ascii=False)
    good = health(served)["content_version"]

    salary.write_text("[salary\n")  # an editor saving a broken file
    assert wait_for(lambda: any("content edit refused" in r.getMessage() for r in caplog.records))
    refused = next(r.getMessage() for r in caplog.records if "content edit refused" in r.getMessage())
    assert "salary.toml" in refused and "TOML syntax error" in refused
    assert "£50-71k" in json.dumps(served.command("/salary", "junior ml")[1], ensure_ascii=False)
    assert health(served)["content_version"] == good


def test_one_json_line_per_answer_without_user_text(served: Served, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="rolebot.answers")
    served.command("/salary", "senior ml")
    served.command("/salary", "senior ml")  # a cached answer is logged too
    served.command("/rolebot", "my secret question about <!channel>")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "rolebot.answers"]
    assert len(lines) == 3
    first = lines[0]
    assert (
        first["event"] == "answer" and first["platform"] == "slack" and first["command"] == "salary senior ml"
    )
    assert first["outcome"] == "ok" and isinstance(first["latency_ms"], float)
    assert lines[2]["outcome"] == "out_of_scope"
    raw = json.dumps(lines)
    assert "secret" not in raw and "U1" not in raw and "text" not in lines[0]


def test_user_text_is_logged_only_when_enabled(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="rolebot.answers")
    monkeypatch.setenv("ROLEBOT_LOG_TEXT", "1")
    Bot().answer("salary senior ml", platform="cli", user="U7")
    line = json.loads(next(r.getMessage() for r in caplog.records if r.name == "rolebot.answers"))
    assert line["text"] == "salary senior ml" and line["user"] == "U7"
