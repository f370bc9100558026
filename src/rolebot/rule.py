"""A small generic engine for the decision rule held in the content.

Rules are tried in order. A rule whose every condition holds decides. A rule whose
conditions hold so far but need an unanswered question stops the search and that question
is asked next, so only the questions that matter are ever asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rolebot.content.models import Decision, Question, Rule


@dataclass(frozen=True, slots=True)
class Recommendation:
    rule: Rule
    role: str  # a role id
    answers: dict[str, str]  # the answers in force, defaults included


@dataclass(frozen=True, slots=True)
class NextQuestion:
    question: Question
    answers: dict[str, str]  # what the user gave


@dataclass(frozen=True, slots=True)
class Undecided:
    answers: dict[str, str]


Outcome = Recommendation | NextQuestion | Undecided


def effective(decision: Decision, answers: dict[str, str]) -> dict[str, str]:
    merged = {q.id: q.default for q in decision.questions if q.default is not None}
    merged.update(answers)
    return merged


def evaluate(decision: Decision, answers: dict[str, str]) -> Outcome:
    given = effective(decision, answers)
    order = {q.id: i for i, q in enumerate(decision.questions)}
    for rule in decision.rules:
        missing: list[str] = []
        failed = False
        for qid, allowed in rule.when.items():
            value = given.get(qid)
            if value is None:
                missing.append(qid)
            elif value not in allowed:
                failed = True
                break
        if failed:
            continue
        if missing:
            qid = min(missing, key=lambda q: order.get(q, len(order)))
            question = next(q for q in decision.questions if q.id == qid)
            return NextQuestion(question, dict(answers))
        role = given[rule.outcome[5:]] if rule.outcome.startswith("from:") else rule.outcome
        return Recommendation(rule, role, given)
    return Undecided(dict(answers))
