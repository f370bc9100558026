"""The decision engine is generic: rules and questions come from the content."""

from __future__ import annotations

import pytest

from rolebot.content.models import Decision, Option, Question, Rule
from rolebot.reply import Status
from rolebot.rule import NextQuestion, Recommendation, Undecided, evaluate


def _decision(rules: tuple[Rule, ...]) -> Decision:
    opts = (Option("x", "X"), Option("y", "Y"))
    return Decision("t", "s", (Question("a", "A?", "why", opts), Question("b", "B?", "why", opts)), rules)


def test_first_matching_rule_decides() -> None:
    d = _decision(
        (
            Rule("r1", {"a": ("x",)}, "ml", "R1", "because"),
            Rule("r2", {"a": ("y",), "b": ("x", "y")}, "ai", "R2", "because"),
        )
    )
    out = evaluate(d, {"a": "x"})
    assert isinstance(out, Recommendation) and out.rule.id == "r1" and out.role == "ml"


def test_only_needed_questions_are_asked() -> None:
    d = _decision(
        (Rule("r1", {"a": ("x",)}, "ml", "R1", "r"), Rule("r2", {"a": ("y",), "b": ("y",)}, "ai", "R2", "r"))
    )
    first = evaluate(d, {})
    assert isinstance(first, NextQuestion) and first.question.id == "a"
    assert isinstance(evaluate(d, {"a": "y"}), NextQuestion)
    assert isinstance(evaluate(d, {"a": "y", "b": "x"}), Undecided)


def test_outcome_from_an_answer() -> None:
    d = _decision((Rule("r", {"a": ("x", "y")}, "from:a", "R", "r"),))
    out = evaluate(d, {"a": "y"})
    assert isinstance(out, Recommendation) and out.role == "y"


@pytest.mark.parametrize(
    ("answers", "rule", "role"),
    [
        ("team:ml", "team-first", "ml"),
        ("team:ai company:ml", "team-first", "ai"),
        ("team:same company:ai", "company-second", "ai"),
        ("team:same company:same future:models", "future-models", "ml"),
        ("team:same company:same future:product", "future-product", "ai"),
        ("team:same company:same future:unsure", "equal-and-unsure", "ml"),
        ("team:ml pay:ai", "weaker-team-pays-more-ml", "ml"),
        ("path:pivot", "pivot-path", "ai"),
    ],
)
def test_the_articles_rule(ctx, answers: str, rule: str, role: str) -> None:  # type: ignore[no-untyped-def]
    given = dict(a.split(":") for a in answers.split())
    out = evaluate(ctx.pack.decision, given)
    assert isinstance(out, Recommendation)
    assert (out.rule.id, out.role) == (rule, role)


def test_recommendation_names_the_rule(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("decide team:same company:ai")
    assert reply.status is Status.OK
    assert reply.title == "Take the AI Engineer role"
    assert "Question 2 decides" in str(reply.sections)


def test_guided_flow_carries_answers_in_actions(bot) -> None:  # type: ignore[no-untyped-def]
    start = bot.answer("decide")
    assert [a.command for a in start.actions][:3] == ["decide team:ml", "decide team:ai", "decide team:same"]
    assert "decide path:pivot" in [a.command for a in start.actions]
    step = bot.answer("decide team:same")
    assert [a.command for a in step.actions] == [
        "decide team:same company:ml",
        "decide team:same company:ai",
        "decide team:same company:same",
    ]
    last = bot.answer("decide team:same company:same")
    assert "decide team:same company:same future:unsure" in [a.command for a in last.actions]
