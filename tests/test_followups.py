"""Follow-ups carry their command and pack compactly and reversibly: within Discord's
custom_id limit for the longest pack id and the longest command, never dropped, and running
in the pack they came from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from rolebot.bot import Bot
from rolebot.followups import MAX_REF, decode, encode, tag
from rolebot.reply import Status
from tests.conftest import PACK_DIR, all_command_texts

LONGEST_ID = "p" * 63 + "z"  # 64 characters: the longest a pack id may be


@pytest.fixture(scope="module")
def long_pack(tmp_path_factory: pytest.TempPathFactory) -> Bot:
    root = tmp_path_factory.mktemp("packs")
    shutil.copytree(PACK_DIR, root / PACK_DIR.name)
    other = root / "other"
    shutil.copytree(PACK_DIR, other)
    head = (other / "pack.toml").read_text()
    head = re.sub(r'(?m)^id = ".*"$', f'id = "{LONGEST_ID}"', head)
    (other / "pack.toml").write_text(re.sub(r"(?m)^default = true$", "default = false", head))
    return Bot(content=root)


def test_a_reference_reads_back_as_it_was_written() -> None:
    packs = ["ai-vs-ml-engineer", LONGEST_ID]
    for command in ("salary senior ml", "decide team:ml company:ai", "title fine-tune a model"):
        assert decode(encode(command, None), packs).command == command
        back = decode(encode(command, LONGEST_ID), packs)
        assert (back.command, back.pack, back.known) == (command, LONGEST_ID, True)
    assert len(tag(LONGEST_ID)) == 7
    assert not decode(tag("gone") + "salary", packs).known  # a pack no longer loaded


def test_every_follow_up_of_the_longest_pack_id_fits_and_runs_in_its_pack(long_pack: Bot) -> None:
    pytest.importorskip("discord")
    from rolebot_discord.payload import MAX_CUSTOM_ID, RUN, SHARE, check_message, render_messages

    ctx = long_pack.context(LONGEST_ID)
    texts = [*all_command_texts(ctx), "ask " + "describe " * 30, "title " + "fine-tune " * 7 + "models"]
    longest = max((t for t in texts if t.startswith("decide")), key=len)
    assert len(longest) > 60  # the longest decision answer is among them
    seen = 0
    for text in texts:
        reply = long_pack.answer(text, pack=LONGEST_ID)
        assert reply.pack == LONGEST_ID
        refs = [a.value for a in reply.actions] + ([reply.value] if reply.command else [])
        for ref in refs:
            assert len(ref) <= MAX_REF and len(RUN + ref) <= MAX_CUSTOM_ID, ref
            assert decode(ref, long_pack.packs).pack == LONGEST_ID
        first = render_messages(reply)[-1]
        assert check_message(first) == []
        ids = [b["custom_id"] for row in first.get("components", []) for b in row["components"]]
        # every follow-up is a button (and Share when there is a command): none dropped
        expected = {RUN + a.value for a in reply.actions} | (
            {SHARE + reply.value} if reply.command else set()
        )
        assert set(ids) == expected, text
        for action in reply.actions:
            follow = long_pack.run_action(action.value, platform="test")
            assert follow.status is Status.OK and follow.pack == LONGEST_ID, action
            seen += 1
    assert seen > 100


def test_a_pack_id_longer_than_any_button_allows_is_refused(pack_copy: Path) -> None:
    from rolebot.content import ContentErrors, load_pack

    head = (pack_copy / "pack.toml").read_text()
    (pack_copy / "pack.toml").write_text(re.sub(r'(?m)^id = ".*"$', f'id = "{"x" * 65}"', head))
    with pytest.raises(ContentErrors) as err:
        load_pack(pack_copy)
    assert "pack.toml: id: pack id" in str(err.value) and "1 to 64" in str(err.value)
