"""Several packs: each served, a default, `pack:ID` on any command, help lists them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rolebot.bot import Bot
from rolebot.content import ContentErrors, load_packs
from rolebot.followups import tag
from rolebot.reply import Status
from tests.conftest import PACK_DIR, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "packs" / "mini-pack"


@pytest.fixture
def two_packs(tmp_path: Path) -> Path:
    shutil.copytree(PACK_DIR, tmp_path / PACK_DIR.name)
    shutil.copytree(FIXTURE, tmp_path / FIXTURE.name)
    return tmp_path


def test_every_pack_is_served_with_a_default(two_packs: Path) -> None:
    bot = Bot(content=two_packs)
    assert set(bot.packs) == {"ai-vs-ml-engineer", "mini-pack"}
    assert bot.default == "ai-vs-ml-engineer"
    assert "£120-165k" in str(bot.answer("salary senior ml"))
    mini = bot.answer("salary pack:mini-pack")
    assert mini.status is Status.OK and "First Role" in str(mini.sections)
    # the pack travels beside the command, not inside it
    assert (mini.command, mini.pack) == ("salary", "mini-pack")
    assert all(a.ref == tag("mini-pack") + a.command for a in mini.actions)
    follow = bot.run_action(mini.actions[0].value, platform="test")
    assert follow.status is Status.OK and "First Role" in str(follow) and follow.pack == "mini-pack"
    shared = bot.run_action(mini.value, platform="test")
    assert (shared.command, shared.pack) == ("salary", "mini-pack")
    assert bot.answer("/rolebot PACK:mini-pack decide fit:second").title == "Take the Second Role role"
    assert bot.answer("decide", pack="mini-pack").summary == "TODO: how to choose"


def test_unknown_pack_suggests(two_packs: Path) -> None:
    reply = Bot(content=two_packs).answer("salary pack:mini-pak")
    assert reply.status is Status.NOT_UNDERSTOOD
    assert "pack:mini-pack" in (reply.summary or "")


def test_help_lists_the_packs(two_packs: Path, bot) -> None:  # type: ignore[no-untyped-def]
    text = str(Bot(content=two_packs).answer("help").sections)
    assert "`mini-pack`: Fixture: First Role vs Second Role" in text and "(default)" in text
    assert "Packs" not in str(bot.answer("help").sections)  # one pack: nothing to choose


def test_only_one_default(two_packs: Path) -> None:
    pack = two_packs / "mini-pack" / "pack.toml"
    pack.write_text(pack.read_text().replace('id = "mini-pack"', 'id = "mini-pack"\ndefault = true'))
    with pytest.raises(ContentErrors, match="more than one pack is the default"):
        load_packs(two_packs)


def test_discord_offers_a_pack_choice(two_packs: Path) -> None:
    pytest.importorskip("discord")
    import discord

    from rolebot.commands import REGISTRY
    from rolebot_discord.commands import build_tree, check_commands, command_json, options_of, to_text

    async def answer(interaction, text):  # type: ignore[no-untyped-def]
        pass

    payload = command_json(
        build_tree(discord.Client(intents=discord.Intents.none()), Bot(content=two_packs), answer)
    )
    assert check_commands(payload) == []
    salary = next(c for c in payload if c["name"] == "salary")
    pack = next(o for o in salary["options"] if o["name"] == "pack")
    assert [c["value"] for c in pack["choices"]] == ["ai-vs-ml-engineer", "mini-pack"]
    cmd = REGISTRY.find("salary")
    assert cmd is not None
    kinds = {o.name: kind for o, kind in options_of(Bot(content=two_packs), cmd)}
    values = {"level": "senior", "role": None, "pack": "mini-pack"}
    assert to_text(cmd, values, kinds) == "salary senior pack:mini-pack"


def test_discord_choices_come_from_the_pack_the_command_runs_in(two_packs: Path) -> None:
    pytest.importorskip("discord")
    import discord

    from rolebot.kinds import ROLE
    from rolebot_discord.commands import build_tree, choices_for, command_json

    async def answer(interaction, text):  # type: ignore[no-untyped-def]
        pass

    bot = Bot(content=two_packs)
    payload = command_json(build_tree(discord.Client(intents=discord.Intents.none()), bot, answer))
    role = next(o for c in payload if c["name"] == "salary" for o in c["options"] if o["name"] == "role")
    assert role.get("autocomplete") and not role.get("choices")  # no list fixed to one pack
    assert [c.value for c in choices_for(bot, ROLE, "mini-pack", "")] == ["first", "second"]
    assert [c.value for c in choices_for(bot, ROLE, None, "")] == ["ml", "ai"]
    reply = bot.answer("role second pack:mini-pack")  # what the mini pack's choice sends
    assert reply.status is Status.OK and reply.pack == "mini-pack"


def test_every_example_runs_on_every_pack(two_packs: Path) -> None:
    bot = Bot(content=two_packs)
    for pid, pack in bot.packs.items():
        for cmd in bot.registry:
            for example in cmd.examples_for(pack):
                reply = bot.answer(example, pack=pid)
                assert reply.status is Status.OK, (pid, example, reply.title)
