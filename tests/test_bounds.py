"""No input of any length or shape costs more than a few milliseconds or a few MB in the core,
on every path that reads user text. bench/worst_case.py prints the real figures; the ceilings
here are looser so that a busy CI machine does not fail them, yet far below what unbounded
work costs (a 1,000-letter word used to take ~4 s and ~550 MB)."""

from __future__ import annotations

import gc
import random
import string
import time
import tracemalloc
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolebot.limits import MAX_INPUT_CHARS, MAX_TYPO_LOOKUPS, MAX_WORDS
from rolebot.words import Allowance, TypoIndex, clean, tokens

TIME_CEILING = 0.025  # seconds for one answer
MEMORY_CEILING = 4_000_000  # bytes allocated at peak by one answer

# every way user text enters the core: plain text, commands with each argument kind, the
# umbrella command, a mention, the faq lookup and the guided decision
PREFIXES = ["", "ask ", "/rolebot ", "salary ", "role ", "faq ", "decide ", "help ", "<@U1> ", "/zzz "]


def _rand_word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def adversarial(seed: int) -> list[str]:
    """Hand-made worst cases: long made-up words, floods of distinct words, repeats, text that
    grows when normalised, compounds that split into many parts."""
    rng = random.Random(seed)
    return [
        _rand_word(rng, 1000),
        _rand_word(rng, 2000),
        _rand_word(rng, 10_000),
        " ".join(_rand_word(rng, 8) for _ in range(1200)),
        " ".join(_rand_word(rng, 20) for _ in range(400)),
        "-".join(_rand_word(rng, 3) for _ in range(2000)),
        "a" * 50_000,
        "senior " * 5000,
        "\ufdfa" * 5000,  # one character that NFKC turns into eighteen
        "e\u0301" * 5000,
        "".join(chr(rng.randint(0x21, 0x2FFFF)) for _ in range(5000)),
        "<@U1> " * 2000,
        "0" * 4000,  # a run of digits: figure patterns must not backtrack over it
    ]


def cost(call: Callable[[], object]) -> tuple[float, int]:
    """(seconds, peak bytes) of one call: time without tracing, memory with it. The garbage
    collector is held off while timing: a pause it takes then is owed to whatever allocated
    before (here, Hypothesis), not to the call."""
    gc.disable()
    try:
        started = time.perf_counter()
        call()
        elapsed = time.perf_counter() - started
    finally:
        gc.enable()
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return elapsed, peak


@pytest.fixture(scope="module", autouse=True)
def warm(bot) -> None:  # type: ignore[no-untyped-def]
    bot.warm()  # as the servers do at start: no index is built inside a measured call


@pytest.mark.parametrize("prefix", PREFIXES)
def test_worst_cases_are_cheap(bot, prefix: str) -> None:  # type: ignore[no-untyped-def]
    for n, text in enumerate(adversarial(seed=len(prefix))):
        elapsed, peak = cost(lambda t=prefix + text: bot.answer(t))  # type: ignore[misc]
        assert elapsed < TIME_CEILING, f"case {n} took {elapsed * 1000:.1f} ms"
        assert peak < MEMORY_CEILING, f"case {n} allocated {peak / 1e6:.1f} MB"


TEXT = st.one_of(
    st.text(max_size=6000),  # every Unicode category
    st.lists(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=3000), max_size=5).map(" ".join),
    st.lists(st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=25), max_size=1500).map(" ".join),
    st.tuples(st.characters(), st.integers(1, 8000)).map(lambda t: t[0] * t[1]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(prefix=st.sampled_from(PREFIXES), text=TEXT)
def test_any_text_is_bounded(bot, prefix: str, text: str) -> None:  # type: ignore[no-untyped-def]
    elapsed, peak = cost(lambda: bot.answer(prefix + text))
    assert elapsed < TIME_CEILING
    assert peak < MEMORY_CEILING


def test_limits_are_applied_where_text_is_read() -> None:
    assert len(clean("x" * (MAX_INPUT_CHARS * 3))) == MAX_INPUT_CHARS
    assert len(clean("\ufdfa" * MAX_INPUT_CHARS)) <= MAX_INPUT_CHARS  # NFKC would make it 18x
    assert len(tokens("word " * (MAX_WORDS * 2))) == MAX_WORDS


def test_no_spelling_lookup_for_words_no_known_word_could_be_a_typo_of() -> None:
    index = TypoIndex(["senior", "junior", "staff"])
    allowance = Allowance(5)
    assert index.near("x" * 1000, 2, allowance) == []
    assert index.near("seniorxxx", 2, allowance) == []  # three longer than any known word
    assert allowance.left == 5  # nothing was spent: no look-up happened
    assert index.near("senoir", 2, allowance) == [(1, "senior")]
    assert allowance.left == 4


def test_each_message_has_a_spelling_allowance_and_cached_words_are_free() -> None:
    index = TypoIndex(["engineer", "salary", "premium"])
    allowance = Allowance(MAX_TYPO_LOOKUPS)
    fresh = [f"salar{c}{d}" for c in "abcdefgh" for d in "xyz"][: MAX_TYPO_LOOKUPS + 5]
    for w in fresh:
        index.near(w, 2, allowance)
    assert allowance.left == 0
    assert index.near("salarq", 2, allowance) == []  # over the allowance: not looked up
    first = fresh[0]
    assert index.near(first, 2, Allowance(0)) == TypoIndex(["salary"]).near(first, 2) != []  # cached: free


def test_autocomplete_is_bounded(bot) -> None:  # type: ignore[no-untyped-def]
    """Autocomplete must answer within Discord's 3 s, from memory, whatever is typed."""
    from rolebot.kinds import FAQ, MAX_CHOICES

    ctx = bot.context()
    for text in adversarial(seed=3):
        elapsed, peak = cost(lambda t=text: FAQ.complete(ctx, t))  # type: ignore[misc]
        assert elapsed < TIME_CEILING and peak < MEMORY_CEILING
        assert len(FAQ.complete(ctx, text)) <= MAX_CHOICES


def test_a_warmed_bot_warms_reloaded_content_before_using_it(pack_copy) -> None:  # type: ignore[no-untyped-def]
    """The servers warm every index at start; a content reload builds the new ones in the
    watcher, so no request pays for them."""
    import os

    from rolebot.bot import Bot

    bot = Bot(content=pack_copy.parent)
    bot.warm()
    faq = pack_copy / "faq.toml"
    faq.write_text(faq.read_text() + "\n")
    os.utime(faq, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert bot.reload_if_changed()
    ctx, questions = bot.context(), bot.loaded.questions[bot.default]
    assert "router" in questions.__dict__  # the question index is built...
    for typos in (questions.router.typos, questions.router.slot_typos, ctx.vocab.typos):
        assert typos.built  # ...and so are the spelling indexes


def test_reloads_do_not_keep_old_content_frozen(pack_copy) -> None:  # type: ignore[no-untyped-def]
    """Warming freezes what it built (out of the GC's way); a reload thaws first, so the old
    content is collected instead of piling up frozen."""
    import gc
    import os

    from rolebot.bot import Bot

    bot = Bot(content=pack_copy.parent)
    bot.warm()
    before = gc.get_freeze_count()
    faq = pack_copy / "faq.toml"
    for n in range(3):
        faq.write_text(faq.read_text() + "\n")
        os.utime(faq, ns=(time.time_ns() + (n + 1) * 10**9, time.time_ns() + (n + 1) * 10**9))
        assert bot.reload_if_changed()
    assert gc.get_freeze_count() - before < 5000
    gc.unfreeze()
