"""Plain-language questions: measured accuracy, honest refusals, content-driven routing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rolebot.render.text import render_text
from rolebot.reply import Status

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import ask_eval


def test_eval_set_is_big_and_varied() -> None:
    cases = ask_eval.cases()
    assert len(cases) >= 80
    assert sum(1 for _, e in cases if e == "refuse") >= 10
    assert len({q.lower() for q, _ in cases}) == len(cases)


def test_accuracy_holds(bot) -> None:  # type: ignore[no-untyped-def]
    res = ask_eval.evaluate(bot)
    assert res.accuracy >= 0.95, res.misses
    assert res.refusal_rate == 1.0, [m for m in res.misses if m[1] == "refuse"]


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like",
        "how much does a data scientist earn?",
        "AI engineer salary in the USA",
        "ml engineer salary in berlin",
        "how much do product managers make",
        "asdf qwer",
        "",
    ],
)
def test_refusals_say_what_is_covered_and_carry_no_figure(bot, question: str) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer(f"ask {question}" if question else "ask ?")
    assert reply.status in (Status.OUT_OF_SCOPE, Status.NOT_UNDERSTOOD)
    out = render_text(reply)
    assert not ask_eval.FIGURE.search(out), out
    if reply.status is Status.OUT_OF_SCOPE:
        assert "AI Engineer and ML Engineer" in (reply.summary or "")
        assert any(a.command.startswith("salary") for a in reply.actions)


def test_plain_question_without_ask(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("how much does a senior ML engineer make?")
    assert reply.command == "salary senior ml"
    assert bot.answer("<@U1> which role is easier to break into?").command == "faq 3"


def test_typos_plurals_and_word_order(bot) -> None:  # type: ignore[no-untyped-def]
    assert bot.answer("ask waht skils do ml enginers need").command == "skills ml"
    assert bot.answer("ask engineer ml senior salary how much").command == "salary senior ml"
    assert bot.answer("ask salaries of principals in ai").command == "salary staff ai"


def test_runner_up_is_offered(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("ask which pays more ai or ml")
    assert reply.command == "faq 2"
    assert reply.actions[0].label.startswith("Or: ")
    assert reply.actions[0].command.startswith("salary")


def test_a_command_word_inside_a_question_still_routes(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("role of an ai engineer in a team shipping LLM features")
    assert reply.status is Status.OK


def test_routing_lives_in_the_content(pack_copy: Path) -> None:
    from rolebot.bot import Bot
    from rolebot.content import load_pack

    question = "what about the flibbertigibbet"
    before = Bot({"p": load_pack(pack_copy)}).answer(f"ask {question}")
    assert before.status is Status.OUT_OF_SCOPE
    import tomllib

    import tomli_w

    path = pack_copy / "guides.toml"
    data = tomllib.loads(path.read_text())
    data["verdict"]["ask"]["terms"].append("flibbertigibbet")
    path.write_text(tomli_w.dumps(data))
    after = Bot({"p": load_pack(pack_copy)}).answer(f"ask {question}")
    assert after.command == "verdict"


def test_decide_special_cases_are_reachable_by_clicking(bot) -> None:  # type: ignore[no-untyped-def]
    start = bot.answer("decide")
    pivot = next(a for a in start.actions if "pivot" in a.command)
    assert bot.answer(pivot.command).title == "Take the AI Engineer role"
    team = bot.answer("decide team:ml")
    what_if = next(a for a in team.actions if "pay:ai" in a.command)
    weaker = bot.answer(what_if.command)
    assert "Better team beats higher pay" in str(weaker.sections)
    equal = bot.answer("decide team:same company:same future:unsure")
    assert "options open" in str(equal.sections) and "ship product features quickly" in str(equal.sections)
