"""Discord payloads and command JSON: every reply within Discord's limits; every rule checked."""

from __future__ import annotations

import json

import discord

from rolebot.kinds import FAQ
from rolebot.reply import Bullets, Field, Fields, Paragraph, Reply, Section, Table
from rolebot_discord.commands import build_tree, check_commands, choices_for, command_json
from rolebot_discord.payload import check_message, escape, render_discord, render_messages
from tests.conftest import all_command_texts, run_cli
from tests.discord.conftest import APP_ID, MockDiscord


def tree_payload(bot):  # type: ignore[no-untyped-def]
    async def answer(interaction, text):  # type: ignore[no-untyped-def]
        pass

    return command_json(build_tree(discord.Client(intents=discord.Intents.none()), bot, answer))


def test_every_command_and_argument_combination_fits(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    for text in [*all_command_texts(ctx), "ask which pays more?", "ask tell me a joke"]:
        reply = bot.answer(text)
        for kw in ({}, {"ephemeral": False, "shared_by": "1"}):
            for message in render_messages(reply, **kw):  # type: ignore[arg-type]
                assert check_message(message) == [], (text, check_message(message))


def test_long_answers_are_split_into_embeds_and_messages() -> None:
    words = " ".join(f"word{i}" for i in range(4000))
    reply = Reply(
        title="Long",
        summary=words,
        sections=tuple(
            Section(
                f"S{n}",
                (
                    Paragraph(words),
                    Bullets(("a", "b")),
                    Fields(tuple(Field(f"f{i}", "v" * 1500) for i in range(30))),
                ),
            )
            for n in range(3)
        ),
        source="Source: x",
    )
    messages = render_messages(reply)
    assert len(messages) > 1
    for m in messages:
        assert check_message(m) == []
    text = " ".join(e.get("description", "") for m in messages for e in m["embeds"])
    assert "word0 " in text and "word3999" in text
    assert messages[-1]["components"] == [] or messages[-1]["components"]
    assert all("components" not in m for m in messages[:-1])


def test_tables_become_inline_fields(bot) -> None:  # type: ignore[no-untyped-def]
    embed = render_discord(bot.answer("salary"))["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Senior · ML Engineer"] == "£120-165k" and fields["London premium · ML Engineer"] == "28%"
    assert fields["London premium · AI Engineer"] == "same"  # a shared value is said once
    assert all(f["inline"] for f in embed["fields"])
    assert isinstance(Table, type)


def test_escape_defuses_mentions_and_markdown() -> None:
    out = escape("@everyone <@123> **x** `y` > quote")
    assert "@everyone" not in out and "<@123>" not in out
    assert "\\*\\*x\\*\\*" in out


def test_command_json_follows_discords_rules(bot) -> None:  # type: ignore[no-untyped-def]
    payload = tree_payload(bot)
    assert check_commands(payload) == []
    names = {c["name"] for c in payload}
    assert {"salary", "faq", "ask", "decide", "rolebot", "help"} <= names
    salary = next(c for c in payload if c["name"] == "salary")
    assert [o["name"] for o in salary["options"]] == ["level", "role"]
    assert [ch["value"] for ch in salary["options"][0]["choices"]] == ["junior", "mid", "senior", "staff"]
    faq = next(c for c in payload if c["name"] == "faq")
    assert faq["options"][0]["autocomplete"] is True
    ask = next(c for c in payload if c["name"] == "ask")
    assert ask["options"][0]["required"] is True
    decide = next(c for c in payload if c["name"] == "decide")
    assert [o["name"] for o in decide["options"]] == ["path", "team", "company", "future", "pay"]


def test_checker_catches_what_discord_py_does_not() -> None:
    bad = [
        {
            "name": "x",
            "description": "d" * 101,
            "options": [
                {
                    "name": "o",
                    "description": "ok",
                    "required": False,
                    "choices": [{"name": str(i), "value": str(i)} for i in range(26)],
                },
                {
                    "name": "p",
                    "description": "ok",
                    "required": True,
                    "choices": [{"name": "n" * 101, "value": "v"}],
                },
                {"name": "Bad Name", "description": "", "required": False},
            ],
        }
    ]
    problems = " | ".join(check_commands(bad))
    for expected in (
        "description must be 1-100",
        "over 25 choices",
        "too long",
        "required option after",
        "invalid option name",
    ):
        assert expected in problems


def test_autocomplete_answers_from_memory(bot) -> None:  # type: ignore[no-untyped-def]
    assert len(choices_for(bot, FAQ, None, "")) == 6
    assert choices_for(bot, FAQ, None, "disappear")[0].value == "5"
    assert choices_for(bot, FAQ, None, "rebrand")[0].value == "4"
    assert all(len(c.name) <= 100 for c in choices_for(bot, FAQ, None, "a" * 500))


def test_discord_commands_cli_prints_the_registered_json(bot) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("discord", "commands")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == tree_payload(bot)


def test_ask_format_discord(bot) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("ask", "--format", "discord", "/salary", "senior", "ml")
    body = json.loads(out.stdout)
    assert body == render_discord(bot.answer("/salary senior ml"))
    assert body["flags"] == 64 and body["allowed_mentions"] == {"parse": []} and body["components"]


def test_sync_to_a_guild_against_a_mock_api(discord_api: MockDiscord, bot) -> None:  # type: ignore[no-untyped-def]
    env = {"DISCORD_TOKEN": "test-token", "DISCORD_API_URL": discord_api.base}
    out = run_cli("discord", "sync", "--guild", "42", env=env)
    assert out.returncode == 0, out.stderr
    assert "synced 18 commands guild 42" in out.stdout
    put = [c for c in discord_api.calls if c.method == "PUT"]
    assert len(put) == 1 and put[0].path.endswith(f"/applications/{APP_ID}/guilds/42/commands")
    assert [c["name"] for c in put[0].body] == [c["name"] for c in tree_payload(bot)]
    assert (
        run_cli("discord", "sync", env={"DISCORD_TOKEN": ""}).stderr.strip()
        == "rolebot: DISCORD_TOKEN is not set"
    )


def test_more_than_25_choices_fall_back_to_autocomplete(bot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from rolebot.bot import Bot
    from rolebot.content.models import Level

    pack = bot.context().pack
    many = replace(pack, levels=tuple(Level(f"l{i}", f"Level {i}") for i in range(30)))
    payload = tree_payload(Bot({pack.id: many}))
    assert check_commands(payload) == []
    level = next(c for c in payload if c["name"] == "salary")["options"][0]
    assert level["autocomplete"] is True and "choices" not in level


def test_sharded_client_and_intents(bot) -> None:  # type: ignore[no-untyped-def]
    from rolebot_discord.bot import create_client

    client = create_client(bot, sharded=True, shard_count=2)
    assert isinstance(client, discord.AutoShardedClient) and client.shard_count == 2
    assert not client.intents.message_content  # mentions work without the privileged intent
    assert client.intents.guild_messages and client.allowed_mentions is not None
    assert client.allowed_mentions.to_dict() == {"parse": []}
    plain = create_client(bot)
    assert not isinstance(plain, discord.AutoShardedClient)


def test_an_unreachable_discord_is_one_line_naming_what_to_check() -> None:
    closed = "http://127.0.0.1:9/api/v10"  # nothing listens on the discard port
    for action in ("run", "sync"):
        out = run_cli("discord", action, env={"DISCORD_TOKEN": "t", "DISCORD_API_URL": closed})
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert out.stderr.strip().splitlines()[-1].startswith("rolebot: cannot reach Discord"), out.stderr
