"""`rolebot discord run` as a real process against a fake gateway and the mock REST API on
loopback: it identifies with no privileged intent, answers a slash command, a button and a
mention, RESUMEs after a reconnect request, identifies again after an invalid session, shows
the right shard, and on SIGTERM lets a reply in flight finish, closes with a close frame and
exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.discord.conftest import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    USER_ID,
    MockDiscord,
    interaction_json,
    message_json,
    user,
)
from tests.discord.gateway import INVALID, RECONNECT, FakeGateway

TOKEN = "gateway-test-token"


def start_bot(discord_api: MockDiscord, gateway: FakeGateway, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": discord_api.base,
        "DISCORD_GATEWAY_URL": gateway.url,
    }
    discord_api.gateway_url = gateway.url
    return subprocess.Popen(
        [sys.executable, "-m", "rolebot", "discord", "run", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    fake = FakeGateway(user(BOT_ID, "rolebot", True), APP_ID, TOKEN).start()
    yield fake


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err


def callbacks(mock: MockDiscord, iid: str) -> list[Any]:
    return [c for c in mock.calls if f"/interactions/{iid}/" in c.path]


def test_the_real_process_runs_end_to_end_and_stops_cleanly(
    discord_api: MockDiscord, gateway: FakeGateway
) -> None:
    proc = start_bot(discord_api, gateway)
    try:
        gateway.wait(lambda: gateway.identifies and gateway.connections)
        hello = gateway.identifies[0]
        assert hello["token"] == TOKEN and int(hello["intents"]) & ((1 << 1) | (1 << 8) | (1 << 15)) == 0
        gateway.wait(lambda: any(p.get("op") == 1 for p in gateway.received))  # a heartbeat, acknowledged

        # a slash command
        command = {
            "id": "1",
            "name": "salary",
            "type": 1,
            "options": [{"name": "level", "type": 3, "value": "senior"}],
        }
        gateway.dispatch("INTERACTION_CREATE", interaction_json("601", 2, command))
        calls = discord_api.wait("/interactions/601/", timeout=15)
        assert (
            calls and calls[0].body["type"] == 4 and "Senior" in calls[0].body["data"]["embeds"][0]["title"]
        )

        # a button on a private answer: it moves on in place
        private = {**message_json(), "flags": 64}
        button = {"custom_id": "rb:r:decide team:same", "component_type": 2}
        gateway.dispatch("INTERACTION_CREATE", interaction_json("602", 3, button, private))
        calls = discord_api.wait("/interactions/602/", timeout=15)
        assert calls and calls[0].body["type"] == 7

        # a mention in a channel: a reply to that message
        mention = {
            **message_json(mid="700", content=f"<@{BOT_ID}> which pays more?"),
            "author": user(USER_ID, "alice"),
            "mentions": [user(BOT_ID, "rolebot", True)],
            "guild_id": GUILD_ID,
        }
        gateway.dispatch("MESSAGE_CREATE", mention)
        posted = discord_api.wait(f"/channels/{CHANNEL_ID}/messages", timeout=15)
        assert posted and str(posted[0].body["message_reference"]["message_id"]) == "700"

        # Discord asks it to reconnect: it comes back and RESUMEs the session
        gateway.send({"op": RECONNECT, "d": None})
        gateway.wait(lambda: gateway.resumes)
        assert gateway.resumes[0]["session_id"] == "session-1" and gateway.resumes[0]["token"] == TOKEN

        # the gateway closes with 4000 (an unknown error): it comes back and RESUMEs again
        gateway.drop(4000)
        gateway.wait(lambda: len(gateway.resumes) >= 2)

        # an invalid session: it identifies again (discord.py waits 1-5 s first)
        gateway.send({"op": INVALID, "d": False})
        gateway.wait(lambda: len(gateway.identifies) >= 2, timeout=20)

        # SIGTERM with a reply in flight: the reply is made, then a clean close
        gateway.dispatch("INTERACTION_CREATE", interaction_json("603", 2, command))
        proc.send_signal(signal.SIGTERM)
        code, err = stop(proc)
        assert code == 0, err
        assert callbacks(discord_api, "603"), "the reply in flight was lost"
        last = gateway.connections[-1]
        gateway.wait(lambda: last.closed)
        assert last.close_code == 1000  # a close frame, not 1006
    finally:
        if proc.poll() is None:
            proc.kill()


def test_shard_flags_identify_the_right_shard(discord_api: MockDiscord, gateway: FakeGateway) -> None:
    proc = start_bot(discord_api, gateway, "--shards", "2", "--shard-ids", "1")
    try:
        gateway.wait(lambda: gateway.identifies)
        assert gateway.identifies[0]["shard"] == [1, 2]
        code, err = stop(proc)
        assert code == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
