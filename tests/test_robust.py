"""Any input gets a reply, never an exception, and never a ping."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolebot.markup import plain
from rolebot.render.markdown import render_markdown
from rolebot.render.text import render_text
from rolebot.reply import Status

NASTY = [
    "",
    " ",
    "/",
    "//",
    "/rolebot",
    "rolebot",
    "\x00\x01\x02",
    "🚀🤖" * 50,
    "a" * 10_000,
    "<!channel>",
    "<!here>",
    "@everyone",
    "<@U123> <@U456>",
    "<@!123456789>",
    "<#C123|general>",
    "/salary <!channel>",
    "/salary @everyone",
    "/faq <@U1>",
    "/decide team:<!here>",
    "salary " + "senior " * 2000,
    "\u202e\u200b\ufeff",
    "faq 0",
    "faq -1",
    "decide ::",
    "help help help",
    "/rolebot /rolebot salary",
    "\n\n\t",
    "SELECT * FROM users;",
    "{{7*7}}",
    "../../etc/passwd",
]


def check(bot, text: str) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer(text)
    assert reply.status is not Status.ERROR
    assert reply.title
    for out in (render_text(reply), render_markdown(reply)):
        for ping in ("@everyone", "@here", "<!channel>", "<!here>", "<@U", "<@!"):
            assert ping not in out, (text, ping)


def test_nasty_inputs(bot) -> None:  # type: ignore[no-untyped-def]
    for text in NASTY:
        check(bot, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text(bot, text: str) -> None:  # type: ignore[no-untyped-def]
    check(bot, text)


WORDS = st.sampled_from(
    [
        "/salary",
        "salary",
        "senior",
        "ml",
        "ai",
        "faq",
        "decide",
        "team:ml",
        "@everyone",
        "<!channel>",
        "<@U1>",
        "staff",
        "x",
        "🙂",
        "pivot",
        "help",
        "/rolebot",
        "company:",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=8).map(" ".join))
def test_command_like_text(bot, text: str) -> None:  # type: ignore[no-untyped-def]
    check(bot, text)


def test_echo_is_escaped_in_titles(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/salary <!channel> ml")
    assert "<!channel>" not in plain(reply.title)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text_renders_within_platform_limits(bot, text: str) -> None:  # type: ignore[no-untyped-def]
    import pytest

    slack = pytest.importorskip("rolebot_slack.blocks")
    discord_payload = pytest.importorskip("rolebot_discord.payload")
    reply = bot.answer(text)
    for message in slack.render_messages(reply):
        assert slack.check_message(message) == []
        assert "<!channel>" not in str(message) and "<!here>" not in str(message)
    for message in discord_payload.render_messages(reply):
        assert discord_payload.check_message(message) == []


def test_only_the_newest_cached_versions_are_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from rolebot import cache

    for i in range(5):
        path = tmp_path / f"router-pack-v{i}.pickle"
        cache.store(path, {"v": i}, family="router-pack-")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))  # each newer than the last
    cache.store(tmp_path / "router-pack-v5.pickle", {"v": 5}, family="router-pack-")
    (tmp_path / "other.pickle").write_bytes(b"x")  # another family is never touched
    cache.store(tmp_path / "router-pack-v6.pickle", {"v": 6}, family="router-pack-")
    left = sorted(p.name for p in tmp_path.glob("*.pickle"))
    assert left == ["other.pickle", "router-pack-v4.pickle", "router-pack-v5.pickle", "router-pack-v6.pickle"]
    assert cache.load(tmp_path / "router-pack-v6.pickle") == {"v": 6}


def _reference_distance(a: str, b: str, limit: int) -> int:
    """The edit distance written plainly (the table with `min`), as `words.distance` was."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.integers(0, 4))
def test_fast_distance_is_the_plain_table(a: str, b: str, limit: int) -> None:
    from rolebot.words import distance

    assert distance(a, b, limit) == _reference_distance(a, b, limit)


def _reference_near(words: list[str], word: str, budget: int) -> list[tuple[int, str]]:
    """Symmetric-delete look-up with a dict of sets, as `TypoIndex` was written first."""
    from rolebot.words import _deletes, distance

    index: dict[str, set[str]] = {}
    for w in words:
        for d in _deletes(w, 2 if len(w) >= 6 else 1):
            index.setdefault(d, set()).add(w)
    seen: set[str] = set()
    for d in _deletes(word, budget):
        seen |= index.get(d, set())
    return sorted((d, w) for d, w in ((distance(word, w, budget), w) for w in seen) if d <= budget)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text("abcdef", min_size=2, max_size=9), min_size=1, max_size=40, unique=True),
    st.text("abcdef", min_size=1, max_size=10),
    st.integers(1, 2),
)
def test_compact_typo_index_finds_what_a_dict_of_deletes_finds(
    words: list[str], word: str, budget: int
) -> None:
    import pickle

    from rolebot.words import TypoIndex

    index = TypoIndex(words)
    want = _reference_near(words, word, budget)
    if index.shortest - budget <= len(word) <= index.longest + budget:
        assert index.near(word, budget) == want
        assert pickle.loads(pickle.dumps(TypoIndex(words))).near(word, budget) == want  # as cached
