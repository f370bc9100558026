"""Slash commands, autocomplete, buttons and mentions through discord.py's real dispatch,
answering over real HTTP to a mock Discord API on loopback."""

from __future__ import annotations

import asyncio
import json

import pytest

from rolebot_discord.payload import check_message
from tests.discord.conftest import BOT_ID, CHANNEL_ID, GUILD_ID, USER_ID, Live, message_json, user


def message_of(callback: dict) -> dict:  # type: ignore[type-arg]
    data = callback["data"]
    data.setdefault("content", "")
    return data


async def test_slash_command_answers_privately_with_embeds(live: Live) -> None:
    iid = live.command("salary", level="senior", role="ml")
    body = await asyncio.to_thread(live.callback, iid)
    assert body["type"] == 4
    data = message_of(body)
    assert data["flags"] & 64
    assert data["allowed_mentions"] == {"parse": []}
    embed = data["embeds"][0]
    assert embed["title"].startswith("Senior ML Engineer salary")
    assert "£120-165k" in json.dumps(data, ensure_ascii=False)
    assert embed["color"] == int("1f77b4", 16)
    assert "JobLabs" in data["embeds"][-1]["footer"]["text"]
    ids = [b["custom_id"] for row in data["components"] for b in row["components"]]
    assert "rb:r:salary senior ai" in ids and "rb:s:salary senior ml" in ids
    data["components"] = data.get("components", [])
    assert check_message({**data, "allowed_mentions": {"parse": []}}) == []


async def test_decide_options_and_umbrella(live: Live) -> None:
    body = await asyncio.to_thread(live.callback, live.command("decide", team="same", company="ai"))
    assert body["data"]["embeds"][0]["title"] == "Take the AI Engineer role"
    body = await asyncio.to_thread(live.callback, live.command("rolebot", input="which pays more?"))
    assert body["data"]["embeds"][0]["title"].startswith("Which pays more")
    body = await asyncio.to_thread(
        live.callback, live.command("ask", question="<@123> @everyone tell me a joke")
    )
    raw = json.dumps(body)
    assert "@everyone" not in raw.replace("@\\u200beveryone", "") and body["data"]["allowed_mentions"] == {
        "parse": []
    }


async def test_faq_autocomplete(live: Live) -> None:
    iid = live.interaction(
        4,
        {
            "id": "1",
            "name": "faq",
            "type": 1,
            "options": [{"name": "question", "type": 3, "value": "easier", "focused": True}],
        },
    )
    body = await asyncio.to_thread(live.callback, iid)
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0] == {"name": "3. Which role is easier to break into?", "value": "3"}
    body = await asyncio.to_thread(live.callback, live.command("faq", question="3"))
    assert body["data"]["embeds"][0]["title"] == "Which role is easier to break into?"


async def test_share_button_posts_publicly_and_names_the_sharer(live: Live) -> None:
    ephemeral = {**message_json(), "flags": 64}
    iid = live.interaction(3, {"custom_id": "rb:s:salary senior ml", "component_type": 2}, ephemeral)
    body = await asyncio.to_thread(live.callback, iid)
    assert body["type"] == 4
    data = body["data"]
    assert not data.get("flags", 0) & 64
    assert data["content"] == f"Shared by <@{USER_ID}>"
    assert data["allowed_mentions"] == {"parse": []}
    ids = [b["custom_id"] for row in data.get("components", []) for b in row["components"]]
    assert not any(i.startswith("rb:s:") for i in ids)


async def test_follow_up_button_moves_the_private_answer_on(live: Live) -> None:
    ephemeral = {**message_json(), "flags": 64}
    iid = live.interaction(3, {"custom_id": "rb:r:decide team:same", "component_type": 2}, ephemeral)
    body = await asyncio.to_thread(live.callback, iid)
    assert body["type"] == 7  # update the message in place
    ids = [b["custom_id"] for row in body["data"]["components"] for b in row["components"]]
    assert "rb:r:decide team:same company:ai" in ids
    public = message_json()
    iid = live.interaction(3, {"custom_id": "rb:r:salary ml", "component_type": 2}, public)
    body = await asyncio.to_thread(live.callback, iid)
    assert body["type"] == 4 and body["data"]["flags"] & 64


async def test_mention_gets_a_reply_without_pings(live: Live) -> None:
    data = {
        **message_json(mid="700", content=f"<@{BOT_ID}> which pays more? @everyone"),
        "author": user(USER_ID, "alice"),
        "mentions": [user(BOT_ID, "rolebot", True)],
        "guild_id": GUILD_ID,
    }
    live.client._connection.parse_message_create(data)
    calls = await asyncio.to_thread(live.mock.wait, f"/channels/{CHANNEL_ID}/messages")
    sent = calls[0].body
    assert str(sent["message_reference"]["message_id"]) == "700"
    assert sent["allowed_mentions"]["parse"] == [] and sent["allowed_mentions"].get("replied_user") is False
    assert sent["embeds"][0]["title"].startswith("Which pays more")
    other = {
        **message_json(mid="701", content="no mention here"),
        "author": user(USER_ID, "alice"),
        "guild_id": GUILD_ID,  # a channel message for someone else
    }
    live.client._connection.parse_message_create(other)
    await asyncio.sleep(0.2)
    assert len([c for c in live.mock.calls if c.path.endswith("/messages") and c.method == "POST"]) == 1


async def test_a_stale_button_gets_an_out_of_date_reply(live: Live) -> None:
    """Buttons from an older version (an unknown custom_id, or a command that no longer runs)
    are answered privately, never left as "This interaction failed"."""
    ephemeral = {**message_json(), "flags": 64}
    for custom_id in ("legacy:button:7", "rb:r:nosuchcommand senior", "rb:s:nosuchcommand"):
        iid = live.interaction(3, {"custom_id": custom_id, "component_type": 2}, ephemeral)
        body = await asyncio.to_thread(live.callback, iid)
        assert body["type"] in (4, 7)
        assert body["data"]["embeds"][0]["title"] == "This button is out of date"
        assert body["type"] == 7 or body["data"]["flags"] & 64  # edited in place, or private


async def test_a_failed_send_is_logged_with_call_status_and_command(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    live.mock.fail(f"/channels/{CHANNEL_ID}/messages", 403)
    data = {
        **message_json(mid="710", content=f"<@{BOT_ID}> salary senior ml"),
        "author": user(USER_ID, "alice"),
        "mentions": [user(BOT_ID, "rolebot", True)],
        "guild_id": GUILD_ID,
    }
    live.client._connection.parse_message_create(data)
    await asyncio.to_thread(live.mock.wait, f"/channels/{CHANNEL_ID}/messages")
    for _ in range(100):
        lines = [r.getMessage() for r in caplog.records if "delivery failed" in r.getMessage()]
        if lines:
            break
        await asyncio.sleep(0.02)
    assert lines == ["discord delivery failed: call=mention status=403 command=salary senior ml"]
    assert "test-token" not in "\n".join(r.getMessage() for r in caplog.records)


async def test_a_direct_message_is_answered_in_the_dm(live: Live) -> None:
    """In a DM every message is for the bot, and its text arrives without a privileged intent."""
    data = {
        **message_json(channel="555", mid="800", content="which pays more?"),
        "author": user(USER_ID, "alice"),
    }
    live.client._connection.parse_message_create(data)
    calls = await asyncio.to_thread(live.mock.wait, "/channels/555/messages")
    assert calls and calls[0].body["embeds"][0]["title"].startswith("Which pays more")
    assert calls[0].body["allowed_mentions"]["parse"] == []


async def test_the_salary_table_comes_with_its_chart_attached(live: Live) -> None:
    body = await asyncio.to_thread(live.callback, live.command("salary"))
    image = body["data"]["embeds"][0]["image"]["url"]
    assert image.startswith("attachment://")
    files = body.get("_files", {})
    name = image.removeprefix("attachment://")
    assert name in files and files[name][:8] == b"\x89PNG\r\n\x1a\n"
