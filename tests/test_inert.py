"""Echoed user text never becomes a live link, mention or ping, in any rendered field: Slack
blocks, the `text` fallback and notification text; Discord content, embeds and components;
plain text and Markdown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rolebot.render.markdown import render_markdown
from rolebot.render.text import render_text

slack = pytest.importorskip("rolebot_slack.blocks")
discord_payload = pytest.importorskip("rolebot_discord.payload")

HOSTILE = [
    "<http://evil.example|click-here>",
    "<https://evil.example>",
    "[click-here](https://evil.example/x)",
    "https://evil.example/x",
    "http://evil.example",
    "www.evil.example",
    "evil.example",
    "<mailto:boss@evil.example|mail>",
    "<!channel> <!here> <!everyone>",
    "<@U666> <@!666> <#C666|general> <!subteam^S666>",
    "@everyone @here",
]
# every way user text comes back in a reply: a bad argument, an unknown command, an FAQ
# search, a plain question, an unknown pack, a bad decision answer
SHAPES = [
    "/salary {}",
    "/{}",
    "/faq {}",
    "{}",
    "/salary pack:{}",
    "/decide team:{}",
    "/help {}",
]

LIVE = [
    "evil.example",  # a domain any client would link
    "://evil",
    "<http://",
    "<https://",
    "](http://",
    "](https://",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam",
    "<@U666>",
    "<@!666>",
    "<#C666",
    "@everyone",
    "@here",
]


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere in a rendered message (keys' values, nested lists and dicts)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def rendered(bot, text: str) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    reply = bot.answer(text)
    yield "text", render_text(reply)
    yield "markdown", render_markdown(reply)
    for variant in ({}, {"share": False}, {"shared_by": "U1"}):
        for message in slack.render_messages(reply, **variant):
            for s in strings(message):
                yield "slack", s
    for variant in ({}, {"ephemeral": False, "shared_by": "1"}):
        for message in discord_payload.render_messages(reply, **variant):
            for s in strings({k: v for k, v in message.items() if k != "components"}):
                yield "discord", s
            for row in message.get("components", []):  # labels are shown; custom_ids are not
                for button in row["components"]:
                    yield "discord", button["label"]


@pytest.mark.parametrize("shape", SHAPES)
def test_echoed_text_stays_inert_everywhere(bot, shape: str) -> None:  # type: ignore[no-untyped-def]
    for hostile in HOSTILE:
        for where, s in rendered(bot, shape.format(hostile)):
            for live in LIVE:
                assert live not in s, f"{shape.format(hostile)!r}: {live!r} live in {where}: {s[:200]!r}"


def test_the_slack_fallback_text_is_escaped(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/faq <http://evil.example|click-here> & <b>")
    text = slack.render_messages(reply)[0]["text"]
    assert "&lt;http" in text and "&amp;" in text and "<b>" not in text


def test_slack_mrkdwn_objects_are_verbatim(bot) -> None:  # type: ignore[no-untyped-def]
    """Slack does not auto-link URLs, channel names or @words in verbatim text objects."""
    for message in slack.render_messages(bot.answer("/salary senior ml"), shared_by="U1"):
        for block in message["blocks"]:
            texts = [block.get("text"), *block.get("fields", []), *block.get("elements", [])]
            for t in texts:
                if (
                    isinstance(t, dict)
                    and t.get("type") == "mrkdwn"
                    and not t["text"].startswith("Shared by")
                ):
                    assert t.get("verbatim") is True, t


def test_slack_formatting_marks_in_echoed_text_are_inert(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/faq *bold* ~strike~ `code`")
    texts = [s for m in slack.render_messages(reply) for s in strings(m)]
    echoed = [t for t in texts if "bold" in t]
    assert echoed and not any(mark in t for t in echoed for mark in ("*bold*", "~strike~", "`code`"))
