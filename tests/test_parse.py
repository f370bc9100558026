"""Command shapes, vocabulary (aliases, order, case, typos) and "did you mean"."""

from __future__ import annotations

import pytest

from rolebot.reply import Status


@pytest.mark.parametrize(
    "text",
    [
        "/salary senior ml",
        "salary senior ml",
        "/rolebot salary senior ml",
        "rolebot salary senior ml",
        "SALARY Senior ML",
        "salary ml senior",
        "/salary sr mle",
        "salary snr machine learning engineer",
        "salary senior ml engineer",
        "<@U123ABC> salary senior ml",
        "pay senior ml",
        "/salary for a senior ML engineer",
        "salary senoir ml",
        "salary sneior machine-learning",
    ],
)
def test_salary_senior_ml_in_every_shape(bot, text: str) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer(text)
    assert reply.status is Status.OK, reply.title
    assert reply.command == "salary senior ml"
    assert reply.summary == "A senior ML Engineer earns **£120-165k** (UK 2026)."


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("salary principal ai", "salary staff ai"),
        ("salary staff/principal aie", "salary staff ai"),
        ("salary jr", "salary junior"),
        ("salary mid-level ai engineer", "salary mid ai"),
        ("salary entry level ml", "salary junior ml"),
        ("salary prinicpal", "salary staff"),
        ("salary ai engineers", "salary ai"),
        ("salary", "salary"),
        ("/salary", "salary"),
        ("day mle", "day ml"),
        ("skills AI Engineer", "skills ai"),
        ("wins machine learning", "wins ml"),
        ("cv ai", "cv ai"),
        ("role ml", "role ml"),
    ],
)
def test_vocabulary(bot, text: str, command: str) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer(text)
    assert reply.status is Status.OK
    assert reply.command == command


def test_unknown_slash_command_suggests(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/salry senior ml")
    assert reply.status is Status.NOT_UNDERSTOOD
    assert "salry" in reply.title
    assert "/salary" in (reply.summary or "")
    assert reply.actions[0].command == "salary"
    assert reply.actions[-1].command == "help"


def test_unknown_command_without_suggestion_points_to_help(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/zzzzqqq")
    assert reply.status is Status.NOT_UNDERSTOOD
    assert "help" in (reply.summary or "")


def test_bad_argument_lists_valid_values(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("/salary wizard ml")
    assert reply.status is Status.NOT_UNDERSTOOD
    assert "wizard" in reply.title
    for value in ("junior", "mid", "senior", "staff", "ml", "ai"):
        assert value in (reply.summary or "")


def test_near_miss_that_is_ambiguous_gives_did_you_mean(ctx) -> None:  # type: ignore[no-untyped-def]
    from rolebot.vocab import Term

    # "mi" is too short to correct; "sta" is one edit from nothing; build a real tie instead:
    found = ctx.vocab._fuzzy("jnr")  # exact alias
    assert found == [] or found == [Term("level", "junior")]
    scan = ctx.vocab.scan(["senoir"])
    assert [m.term for m in scan.matches] == [Term("level", "senior")]
    assert not scan.matches[0].exact


def test_ambiguous_typo_is_not_guessed(bot) -> None:  # type: ignore[no-untyped-def]
    # "aid" is one edit from "ai" and from "mid": two different meanings
    reply = bot.answer("/salary aid")
    assert reply.status is Status.NOT_UNDERSTOOD
    assert "several" in reply.title
    assert "`ai`" in (reply.summary or "") and "`mid`" in (reply.summary or "")


def test_help_for_one_command(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("help salary")
    assert reply.title == "/salary"
    assert "salary [level] [role]" in str(reply.sections)
    assert bot.answer("help nope").status is Status.NOT_UNDERSTOOD


def test_faq_arguments(bot) -> None:  # type: ignore[no-untyped-def]
    assert bot.answer("faq 2").title.startswith("Which pays more")
    assert bot.answer("faq #6").title.startswith("Choosing between an AI Engineer")
    assert bot.answer("faq 9").status is Status.NOT_UNDERSTOOD
    assert bot.answer("faq 99999999999").status is Status.NOT_UNDERSTOOD
    assert bot.answer("faq rebranded software engineer").title.startswith("Is AI Engineer just")


def test_decide_answers_syntax(bot) -> None:  # type: ignore[no-untyped-def]
    assert bot.answer("decide team=ml").command == "decide team:ml"
    assert bot.answer("decide TEAM:Equal, company:aie").command == "decide team:same company:ai"
    assert bot.answer("decide taem:ml").command == "decide team:ml"  # typo in the question
    bad = bot.answer("/decide team:purple")
    assert bad.status is Status.NOT_UNDERSTOOD
    assert "team:ml" in (bad.summary or "")
    assert bot.answer("/decide banana").status is Status.NOT_UNDERSTOOD


def test_registry_declares_each_word_once() -> None:
    from rolebot.commands import REGISTRY

    words = list(REGISTRY.words())
    assert len(words) == len(set(words))
    assert all(len(c.summary) <= 100 for c in REGISTRY)
