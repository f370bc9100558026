"""Block Kit rendering: every reply within Slack's limits, long text split cleanly, mrkdwn safe."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import Block

from rolebot.reply import Bullets, Paragraph, Reply, Section
from rolebot_slack.blocks import check_message, chunks, render_messages, render_slack
from rolebot_slack.manifest import check, manifest
from rolebot_slack.mrkdwn import to_mrkdwn
from tests.conftest import all_command_texts, run_cli


def assert_valid(message: dict) -> None:  # type: ignore[type-arg]
    assert check_message(message) == [], check_message(message)
    for b in message["blocks"]:
        Block.parse(b).to_dict()  # type: ignore[union-attr]


def test_every_command_and_argument_combination_fits(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    texts = all_command_texts(ctx)
    texts += ["ask " + q for q in ("which pays more?", "tell me a joke", "senior ml salary")]
    for text in texts:
        reply = bot.answer(text)
        for shared in (None, "U1"):
            for message in render_messages(reply, shared_by=shared):
                assert_valid(message)


def test_long_answers_are_split_never_cut_mid_word() -> None:
    words = [f"word{i}" for i in range(3000)]
    para = " ".join(words)
    reply = Reply(
        title="T " * 100,
        sections=tuple(
            Section(f"Part {n}", (Paragraph(para), Bullets(tuple(words[:200])))) for n in range(12)
        ),
    )
    messages = render_messages(reply)
    assert len(messages) > 1
    text = ""
    for m in messages:
        assert_valid(m)
        for b in m["blocks"]:
            if b["type"] == "section":
                text += " " + b["text"]["text"]
    for w in ("word0", "word1234", "word2999"):
        assert f" {w} " in text.replace("\n", " ") + " "
    for piece in chunks(para, 3000):
        assert not piece.endswith("wor") and piece.split()[-1].startswith("word")
    assert len(messages[0]["blocks"][0]["text"]["text"]) <= 150


def test_mrkdwn_translation_and_escaping() -> None:
    assert to_mrkdwn("**bold** _it_ `c` [JobLabs](https://example.com/a?b=1&c=2)") == (
        "*bold* _it_ `c` <https://example.com/a?b=1&amp;c=2|JobLabs>"
    )
    assert to_mrkdwn("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_ask_format_slack_prints_the_command_response() -> None:
    out = run_cli("ask", "--format", "slack", "/salary", "senior", "ml")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["response_type"] == "ephemeral" and body["blocks"][0]["type"] == "header"
    assert body == render_slack(__import__("rolebot.bot", fromlist=["Bot"]).Bot().answer("/salary senior ml"))


def test_manifest_registers_the_umbrella_or_every_command() -> None:
    from rolebot.commands import REGISTRY

    shared = manifest()  # a shared workspace: nothing to collide with but /rolebot
    assert [c["command"] for c in shared["features"]["slash_commands"]] == ["/rolebot"]
    prefixed = manifest(commands_="all", prefix="rb-")
    assert check(prefixed) == []
    names = [c["command"] for c in prefixed["features"]["slash_commands"]]
    assert names[0] == "/rolebot" and set(names[1:]) == {f"/rb-{c.name}" for c in REGISTRY}
    socket = manifest(commands_="all")
    assert check(socket) == []
    names = [c["command"] for c in socket["features"]["slash_commands"]]
    assert names[0] == "/rolebot" and set(names[1:]) == {f"/{c.name}" for c in REGISTRY}
    salary = next(c for c in socket["features"]["slash_commands"] if c["command"] == "/salary")
    assert salary["usage_hint"] == "[level] [role]" and "url" not in salary
    assert socket["settings"]["socket_mode_enabled"] is True
    assert socket["settings"]["event_subscriptions"]["bot_events"] == [
        "app_mention",
        "message.im",
        "app_home_opened",
    ]
    assert socket["features"]["app_home"]["home_tab_enabled"] is True
    assert socket["features"]["app_home"]["messages_tab_enabled"] is True  # people can DM it
    assert {"commands", "chat:write", "app_mentions:read"} <= set(socket["oauth_config"]["scopes"]["bot"])
    assert socket["features"]["shortcuts"][0]["type"] == "message"
    http = manifest("https://bot.example.com", commands_="all")
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"]["request_url"] == "https://bot.example.com/slack/events"
    assert all(c["url"] == "https://bot.example.com/slack/events" for c in http["features"]["slash_commands"])
    out = run_cli("slack", "manifest", "--url", "https://x.io", "--commands", "all", "--prefix", "rb-")
    data = json.loads(out.stdout)
    assert data["settings"]["event_subscriptions"]["request_url"] == "https://x.io/slack/events"
    assert "/rb-salary" in [c["command"] for c in data["features"]["slash_commands"]]
    bad = run_cli("slack", "manifest", "--prefix", "Bad Prefix")
    assert bad.returncode == 1 and "--prefix must be" in bad.stderr


def test_serve_names_the_missing_variable() -> None:
    out = run_cli("slack", "serve", "--http", unset="SLACK_")
    assert out.returncode == 1 and out.stderr.strip() == "rolebot: SLACK_BOT_TOKEN is not set"
    out = run_cli("slack", "serve", "--socket", env={"SLACK_BOT_TOKEN": "xoxb-1"}, unset="SLACK_")
    assert out.returncode == 1 and out.stderr.strip() == "rolebot: SLACK_APP_TOKEN is not set"


def test_an_unreachable_slack_is_one_line() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    out = run_cli("slack", "serve", "--socket", env=env)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("rolebot: cannot reach Slack")


def test_the_manifest_for_many_workspaces_names_the_redirect_url_and_scopes() -> None:
    data = manifest("https://bot.example.com", many=True)
    assert data["oauth_config"]["redirect_urls"] == ["https://bot.example.com/slack/oauth_redirect"]
    assert "redirect_urls" not in manifest("https://bot.example.com")["oauth_config"]
    out = run_cli("slack", "manifest", "--url", "https://bot.example.com", "--many")
    assert out.returncode == 0 and "redirect URL https://bot.example.com/slack/oauth_redirect" in out.stderr
    assert "chat:write" in out.stderr
    assert run_cli("slack", "manifest", "--many").returncode == 1


def test_the_manifest_refuses_a_url_without_scheme_and_a_prefix_implies_every_command() -> None:
    out = run_cli("slack", "manifest", "--url", "example.com")
    assert out.returncode == 1 and "scheme" in out.stderr
    prefixed = json.loads(run_cli("slack", "manifest", "--prefix", "rb-").stdout)
    assert "/rb-salary" in [c["command"] for c in prefixed["features"]["slash_commands"]]
