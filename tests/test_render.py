"""Renderers: text, Markdown and JSON, inline markup, and escaping of echoed user text."""

from __future__ import annotations

import json

from rolebot.markup import Span, echo, parse, plain
from rolebot.render import render
from rolebot.render.json import render_json
from rolebot.render.markdown import render_markdown
from rolebot.render.text import render_text


def test_markup_spans() -> None:
    assert parse("a **b** _c_ `d` [e](https://x.y/z) \\*f\\*") == [
        Span("text", "a "),
        Span("bold", "b"),
        Span("text", " "),
        Span("italic", "c"),
        Span("text", " "),
        Span("code", "d"),
        Span("text", " "),
        Span("link", "e", "https://x.y/z"),
        Span("text", " *f*"),
    ]
    assert plain("snake_case stays") == "snake_case stays"
    assert plain("**£120-165k**") == "£120-165k"


def test_echo_defuses_mentions_and_markup() -> None:
    for evil in ("@everyone", "@here", "<!channel>", "<@U123>", "<#C1>", "<!subteam^S1>"):
        safe = plain(echo(evil))
        assert "@everyone" not in safe and "@here" not in safe
        assert "<@" not in safe and "<!" not in safe and "<#" not in safe
    assert plain(echo("**bold**")) == "**bold**"  # shown literally, not as markup
    assert len(plain(echo("x " * 500))) <= 81
    assert "\x07" not in echo("bell\x07")


def test_text_is_paste_ready(bot) -> None:  # type: ignore[no-untyped-def]
    out = render_text(bot.answer("salary senior ml"))
    assert "**" not in out and "`" not in out
    assert out.rstrip().splitlines()[-1].startswith("Source: ")


def test_markdown(bot) -> None:  # type: ignore[no-untyped-def]
    out = render_markdown(bot.answer("salary"))
    assert out.startswith("### Salary bands (UK 2026)")
    assert "| Level | ML Engineer | AI Engineer |" in out
    assert "| Senior | £120-165k | £115-160k |" in out
    assert "**Worth knowing**" in out
    md = render_markdown(bot.answer("/salary <@U1> *x*"))
    assert "<@U1>" not in md


def test_json_is_the_reply(bot) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(bot.answer("salary senior ml"), "json"))
    assert data["status"] == "ok" and data["command"] == "salary senior ml"
    assert data["summary"] == "A senior ML Engineer earns **£120-165k** (UK 2026)."
    assert data["sections"][0]["blocks"][0]["type"] == "fields"
    assert {"label": "See the AI Engineer band", "command": "salary senior ai"} in data["actions"]
    assert data["source"].startswith("Source: ")
    assert render_json(bot.answer("/nope"))["status"] == "not_understood"


def test_wide_tables_fold_in_text(bot) -> None:  # type: ignore[no-untyped-def]
    out = render_text(bot.answer("compare"))
    assert max(len(line) for line in out.splitlines()) < 200
    assert "  ML Engineer: The model" in out


def test_paste_text_is_ready_for_a_chat_composer(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    """What a recruiter pastes into a thread: no headings or pipe tables a composer shows raw,
    links as URLs, bullets, tables in a code block."""
    from rolebot.render import render
    from rolebot.render.paste import inline
    from tests.conftest import all_command_texts

    for text in all_command_texts(ctx):
        out = render(bot.answer(text), "paste")
        assert out.startswith("*") and out.count("```") % 2 == 0, text
        for line in out.splitlines():
            assert not line.startswith(("#", "|", "- ")) and "](" not in line and "**" not in line, (
                text,
                line,
            )
    table = render(bot.answer("salary"), "paste")
    assert "```\nLevel" in table and "• " in table
    assert (
        inline("see [the guide](https://example.com/g) and **this**")
        == "see the guide (https://example.com/g) and *this*"
    )
    assert inline("[https://example.com](https://example.com)") == "https://example.com"
