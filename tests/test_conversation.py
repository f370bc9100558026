"""The conversation flows, once, against an in-memory platform: a command answered privately
and paged within the platform's limit, a follow-up moving a private answer on, Share posting
for everyone and naming the sharer, a mention answered publicly, and what happens when a
post fails."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from rolebot.conversation import SHARE_FAILED, Conversation, Limits
from rolebot.reply import Reply


@dataclass
class Memory:
    """A platform that keeps what it is asked to do. Every section of a reply is a page of its
    own, so paging is easy to see; `fail_after` posts succeed, then every post fails."""

    limits: Limits = field(default_factory=lambda: Limits(messages=2, remove_shared=True))
    fail_after: int = 1000
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[dict[str, Any]]:
        count = max(1, len(reply.sections))
        pages = [{"title": reply.title, "page": n, "public": public} for n in range(count)]
        pages[0]["shared_by"] = shared_by
        pages[-1]["buttons"] = [a.value for a in reply.actions] + (
            ["Share"] if share and reply.command else []
        )
        return pages

    def _post(self, kind: str, message: dict[str, Any]) -> bool:
        if sum(1 for k, _ in self.calls if k != "delete") >= self.fail_after:
            self.calls.append(("failed " + kind, message))
            return False
        self.calls.append((kind, message))
        return True

    async def send(self, place: Any, message: Any, *, public: bool, command: str | None) -> bool:
        return self._post("public" if public else "private", message)

    async def replace(self, place: Any, message: Any, *, command: str | None) -> bool:
        return self._post("replace", message)

    async def delete(self, place: Any, *, command: str | None) -> bool:
        self.calls.append(("delete", {}))
        return True


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def flows(bot, memory: Memory) -> Conversation:  # type: ignore[no-untyped-def]
    return Conversation(bot, memory, "memory")


def kinds(memory: Memory) -> list[str]:
    return [k for k, _ in memory.calls]


def test_a_command_is_answered_privately_paged_within_the_limit(flows: Conversation, memory: Memory) -> None:
    reply = run(flows.command(None, "/salary", "u1"))
    pages = len(memory.render(reply, public=False, share=True))
    assert pages > memory.limits.messages  # long enough to need paging
    assert kinds(memory) == ["private"] * memory.limits.messages
    assert "Share" not in memory.calls[0][1].get("buttons", [])


def test_a_short_answer_carries_its_follow_ups_and_share(flows: Conversation, memory: Memory) -> None:
    reply = run(flows.command(None, "/faq 2", "u1"))
    (kind, page), *_ = memory.calls
    assert kind == "private" and page["buttons"][-1] == "Share"
    assert page["buttons"][:-1] == [a.value for a in reply.actions]


def test_a_follow_up_moves_a_private_answer_on_and_comes_privately_under_a_public_one(
    flows: Conversation, memory: Memory
) -> None:
    run(flows.follow(None, "decide team:same", "u1", in_private=True))
    assert kinds(memory)[0] == "replace" and set(kinds(memory)[1:]) <= {"private"}
    memory.calls.clear()
    run(flows.follow(None, "decide team:same", "u1", in_private=False))
    assert kinds(memory) and set(kinds(memory)) == {"private"}


def test_share_posts_for_everyone_naming_the_sharer_without_share(
    flows: Conversation, memory: Memory
) -> None:
    run(flows.share(None, "faq 2", "u7"))
    assert kinds(memory) == ["public", "delete"]  # the private copy goes where the platform allows
    page = memory.calls[0][1]
    assert page["shared_by"] == "u7" and "Share" not in page["buttons"] and page["public"]


def test_where_the_platform_cannot_remove_it_the_private_copy_stays(bot) -> None:  # type: ignore[no-untyped-def]
    memory = Memory(limits=Limits(messages=3, remove_shared=False))
    run(Conversation(bot, memory, "memory").share(None, "faq 2", "u7"))
    assert kinds(memory) == ["public"]


def test_a_failed_share_is_told_privately_and_nothing_is_removed(bot) -> None:  # type: ignore[no-untyped-def]
    memory = Memory(fail_after=0)
    run(Conversation(bot, memory, "memory").share(None, "faq 2", "u7"))
    assert kinds(memory) == ["failed public", "failed private"]
    assert memory.calls[1][1]["title"] == SHARE_FAILED


def test_a_share_that_no_longer_runs_is_answered_privately(flows: Conversation, memory: Memory) -> None:
    run(flows.share(None, "nosuchcommand", "u7"))
    assert kinds(memory) == ["private"] and memory.calls[0][1]["title"] == "This button is out of date"


def test_a_failed_page_stops_the_rest(bot) -> None:  # type: ignore[no-untyped-def]
    memory = Memory(fail_after=1)
    run(Conversation(bot, memory, "memory").command(None, "/salary", "u1"))
    assert kinds(memory) == ["private", "failed private"]  # nothing after the failure


def test_a_mention_is_answered_publicly_without_share(flows: Conversation, memory: Memory) -> None:
    run(flows.mention(None, "@rolebot which pays more?", "u3"))
    assert set(kinds(memory)) == {"public"} and len(memory.calls) <= memory.limits.messages
    assert "Share" not in memory.calls[-1][1]["buttons"]


def test_a_stale_button_is_answered_in_place(flows: Conversation, memory: Memory) -> None:
    run(flows.stale(None, in_private=True))
    assert kinds(memory) == ["replace"] and memory.calls[0][1]["title"] == "This button is out of date"


def gate(per_user: int, per_channel: int) -> Any:
    from rolebot.flood import FloodGate, MemoryLimiter, Rate

    return FloodGate(Rate(per_user, 60), Rate(per_channel, 60), MemoryLimiter())


def test_public_posts_are_limited_per_user_with_a_private_slow_down(bot) -> None:  # type: ignore[no-untyped-def]
    from rolebot.flood import SLOW_DOWN

    memory = Memory()
    flows = Conversation(bot, memory, "memory", gate(2, 100))
    for _ in range(3):
        run(flows.mention(None, "which pays more?", "u1", where="c1"))
    assert [m["public"] for _, m in memory.calls] == [True, True, False]
    assert memory.calls[-1][1]["title"] == SLOW_DOWN
    memory.calls.clear()
    run(flows.share(None, "faq 2", "u1", "c1"))  # Share counts too
    assert kinds(memory) == ["private"]
    run(flows.mention(None, "which pays more?", "u2", where="c1"))  # another member is not held back
    assert kinds(memory)[-1] == "public"


def test_a_channel_has_its_own_limit_and_private_answers_have_none(bot) -> None:  # type: ignore[no-untyped-def]
    memory = Memory()
    flows = Conversation(bot, memory, "memory", gate(100, 2))
    for user in ("u1", "u2", "u3"):
        run(flows.mention(None, "which pays more?", user, where="busy"))
    assert [m["public"] for _, m in memory.calls] == [True, True, False]
    memory.calls.clear()
    for _ in range(10):
        run(flows.command(None, "/faq 2", "u1"))
    assert kinds(memory) == ["private"] * 10


def test_rates_are_read_from_settings() -> None:
    from rolebot.flood import Rate
    from rolebot.settings import Settings

    s = Settings.read({"ROLEBOT_POSTS_PER_USER": "3/10"})
    assert s.flood_gate().per_user == Rate(3, 10.0) and s.flood_gate().per_channel == Rate(30, 60.0)
    with pytest.raises(ValueError, match="like 5/60"):
        Rate.parse("lots")


def test_the_answer_cache_is_bounded_in_entries_and_text(bot, memory: Memory) -> None:  # type: ignore[no-untyped-def]
    from rolebot.conversation import CACHED_ANSWERS, CACHED_TEXT

    conv = Conversation(bot, memory, "memory")
    long_question = "which pays more? " + "really " * (CACHED_TEXT // 7)
    run(conv.command(None, long_question, "u1"))
    assert not any(len(k[-1]) > CACHED_TEXT for k in conv._texts)  # not kept by its words
    for n in range(CACHED_ANSWERS + 50):
        run(conv.command(None, f"/salary senior ml {n}", "u1"))  # not understood: kept by its text
    assert len(conv._pages) <= CACHED_ANSWERS and len(conv._texts) <= CACHED_ANSWERS
    run(conv.command(None, "/salary senior ml", "u1"))
    lower = memory.calls[-1][1]
    run(conv.command(None, "/SALARY Senior ML", "u1"))  # a case variant: the same answer
    assert memory.calls[-1][1] == lower and lower["title"]


def test_new_spellings_of_known_commands_never_push_their_answers_out(bot, memory: Memory) -> None:  # type: ignore[no-untyped-def]
    """Every spelling is kept by its text in a cache of its own: a stream of new ones (letter
    case, as a busy server sees) leaves the answers kept by what they depend on in place."""
    import random

    from rolebot.conversation import CACHED_ANSWERS
    from tests.conftest import all_command_texts

    conv = Conversation(bot, memory, "memory")
    # commands whose answer does not depend on letter case (no free text kept)
    texts = [
        t
        for t in all_command_texts(bot.context())
        if (key := bot.key(t)) is not None and key == bot.key(t.swapcase())
    ]
    rng = random.Random(9)
    for n in range(CACHED_ANSWERS + 500):
        text = texts[n % len(texts)]
        run(conv.command(None, "".join(rng.choice((c.upper(), c.lower())) for c in text), "u1"))
    assert len(texts) > 400 and len(conv._texts) == CACHED_ANSWERS
    assert set(conv._pages) == {bot.key(t) for t in texts}


def test_an_answer_made_while_the_content_changed_is_not_kept_under_the_old_version(
    pack_copy, memory: Memory
) -> None:  # type: ignore[no-untyped-def]
    """The content watcher may swap the content while an answer is made: that answer is sent
    but not cached, so undoing the edit (the same files, the same version again) never brings
    back an answer of the edited content."""
    from rolebot.bot import Bot

    decision = pack_copy / "decision.toml"
    original = decision.read_text()
    bot = Bot(content=pack_copy.parent)
    before = bot.loaded
    first = bot.answer("decide").title
    decision.write_text(original.replace(f'title = "{first}"', 'title = "EDITED rule"'))
    assert bot.reload_if_changed()
    edited = bot.loaded
    bot.loaded = before
    conv = Conversation(bot, memory, "memory")
    key = bot.key

    def key_then_swap(text: str, pack: str | None = None):  # type: ignore[no-untyped-def]
        bot.loaded = edited  # the watcher swaps between the cache's reads
        return key(text, pack)

    bot.key = key_then_swap  # type: ignore[method-assign]
    try:
        assert conv._answer_pages("decide")[0].title == "EDITED rule"  # answered from the new
    finally:
        bot.key = key  # type: ignore[method-assign]
    bot.loaded = before  # the edit undone
    assert conv._answer_pages("decide")[0].title == first == bot.answer("decide").title
