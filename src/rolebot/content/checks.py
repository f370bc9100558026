"""Cross-checks that a single model cannot express: references between parts of a pack,
unique aliases, and a decision rule that decides every combination of answers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

from rolebot.content.models import Level, Pack, Role
from rolebot.words import normalize

Problem = tuple[str, str]


def cross_check(pack: Pack, reserved: Mapping[str, str] | None = None) -> list[Problem]:
    """Every problem between parts of a pack. `reserved`: words the pack's own words must not
    take, with what holds each ("salary" -> "command 'salary'"), given by the code that loads
    it (the bot's command words); a follow-up must start with one of them."""
    reserved = reserved or {}
    return [
        *_pack_id(pack),
        *_vocabulary(pack, reserved),
        *_references(pack),
        *_decision(pack),
        *_faq(pack, reserved),
        *_questions(pack),
    ]


ANSWERS = (
    "compare",
    "role",
    "day",
    "skills",
    "wins",
    "salary",
    "decide",
    "pivot",
    "mistakes",
    "cv",
    "verdict",
    "about",
)


PACK_ID = re.compile(r"^[\w-]{1,64}$")  # as `pack:ID` is typed, and short enough for any button


def _pack_id(pack: Pack) -> Iterator[Problem]:
    if not PACK_ID.match(pack.id):
        yield "id", f"pack id {pack.id[:80]!r} must be 1 to 64 letters, digits, '-' or '_'"


def _questions(pack: Pack) -> Iterator[Problem]:
    """Every asked question names an answer the router has."""
    known = {*ANSWERS, *(f"faq {i}" for i in range(1, len(pack.faq) + 1))}
    for i, q in enumerate(pack.questions):
        if q.answer not in known:
            yield (
                f"questions[{i}].answer",
                f"{q.answer!r} is not an answer; use one of: {', '.join(sorted(known))}",
            )


def _duplicates(ids: list[str]) -> set[str]:
    seen: set[str] = set()
    return {i for i in ids if i in seen or seen.add(i)}  # type: ignore[func-returns-value]


def _vocabulary(pack: Pack, reserved: Mapping[str, str]) -> Iterator[Problem]:
    taken = dict(reserved)
    ignore = {normalize(w) for w in pack.ignore}
    groups: tuple[tuple[str, Sequence[Role | Level], str], ...] = (
        ("roles", pack.roles, "role"),
        ("levels", pack.levels, "level"),
    )
    for key, items, kind in groups:
        for dup in _duplicates([i.id for i in items]):
            yield key, f"{kind} id {dup!r} is defined twice"
        for i, item in enumerate(items):
            for j, alias in enumerate((item.id, *item.aliases)):
                where = f"{key}[{i}].id" if j == 0 else f"{key}[{i}].aliases[{j - 1}]"
                word = normalize(alias)
                mine = f"{kind} {item.id!r}"
                if word in ignore:
                    yield where, f"alias {alias!r} is also in the `ignore` list"
                if word in taken and taken[word] != mine:
                    yield where, f"alias {alias!r} is already used by {taken[word]}"
                taken.setdefault(word, mine)


def _references(pack: Pack) -> Iterator[Problem]:
    roles = {r.id for r in pack.roles}
    levels = {lv.id for lv in pack.levels}
    if set(pack.profiles) != roles:
        yield "profiles", f"needs exactly one profile per role {sorted(roles)}, has {sorted(pack.profiles)}"
    seen: set[tuple[str, str]] = set()
    for i, band in enumerate(pack.salary.bands):
        where = f"salary.bands[{i}]"
        if band.level not in levels:
            yield f"{where}.level", f"unknown level {band.level!r}; defined: {sorted(levels)}"
        if band.role not in roles:
            yield f"{where}.role", f"unknown role {band.role!r}; defined: {sorted(roles)}"
        if band.low > band.high:
            yield f"{where}.low", f"low ({band.low}) is above high ({band.high})"
        if (band.level, band.role) in seen:
            yield where, f"a second band for level {band.level!r} and role {band.role!r}"
        seen.add((band.level, band.role))
    for i, premium in enumerate(pack.salary.premiums):
        if premium.role not in roles:
            yield f"salary.premiums[{i}].role", f"unknown role {premium.role!r}"
    for dup in _duplicates([r.id for r in pack.salary.remarks]):
        yield "salary.remarks", f"remark id {dup!r} is used twice"
    for i, remark in enumerate(pack.salary.remarks):
        for j, lv in enumerate(remark.levels):
            if lv not in levels:
                yield f"salary.remarks[{i}].levels[{j}]", f"unknown level {lv!r}"
        for j, ro in enumerate(remark.roles):
            if ro not in roles:
                yield f"salary.remarks[{i}].roles[{j}]", f"unknown role {ro!r}"
    for i, route in enumerate(pack.pivot.routes):
        if route.role not in roles:
            yield f"pivot.routes[{i}].role", f"unknown role {route.role!r}"
    for i, advice in enumerate(pack.cv.advice):
        if advice.role not in roles:
            yield f"cv.advice[{i}].role", f"unknown role {advice.role!r}"


def _decision(pack: Pack) -> Iterator[Problem]:
    decision = pack.decision
    roles = {r.id for r in pack.roles}
    questions = {q.id: q for q in decision.questions}
    for dup in _duplicates([q.id for q in decision.questions]):
        yield "decision.questions", f"question id {dup!r} is used twice"
    for dup in _duplicates([r.id for r in decision.rules]):
        yield "decision.rules", f"rule id {dup!r} is used twice"
    for i, q in enumerate(decision.questions):
        options = [o.id for o in q.options]
        for dup in _duplicates(options):
            yield f"decision.questions[{i}].options", f"option id {dup!r} is used twice"
        words: dict[str, str] = {}
        for j, opt in enumerate(q.options):
            for word in (opt.id, *opt.aliases):
                if words.setdefault(normalize(word), opt.id) != opt.id:
                    yield f"decision.questions[{i}].options[{j}]", f"alias {word!r} names two options"
        if q.default is not None and q.default not in options:
            yield f"decision.questions[{i}].default", f"{q.default!r} is not one of {options}"
    for i, rule in enumerate(decision.rules):
        where = f"decision.rules[{i}]"
        for qid, values in rule.when.items():
            if qid not in questions:
                yield f"{where}.when.{qid}", f"unknown question {qid!r}; defined: {sorted(questions)}"
                continue
            valid = {o.id for o in questions[qid].options}
            for j, v in enumerate(values):
                if v not in valid:
                    yield (
                        f"{where}.when.{qid}[{j}]",
                        f"{v!r} is not an answer to {qid!r}; answers: {sorted(valid)}",
                    )
        outcome = rule.outcome
        if outcome.startswith("from:"):
            qid = outcome[5:]
            if qid not in rule.when:
                yield f"{where}.outcome", f"{outcome!r} needs a condition on {qid!r} in `when`"
            elif not set(rule.when[qid]) <= roles:
                yield f"{where}.outcome", f"{outcome!r}: every answer allowed for {qid!r} must be a role id"
        elif outcome not in roles:
            yield f"{where}.outcome", f"{outcome!r} is not a role id {sorted(roles)} or 'from:QUESTION'"
    if any(_bad_references(pack)):  # coverage is only meaningful once references are sound
        return
    from rolebot.rule import Recommendation, evaluate

    ids = list(questions)
    for combo in itertools.product(*[[o.id for o in questions[q].options] for q in ids]):
        answers = dict(zip(ids, combo, strict=True))
        if not isinstance(evaluate(decision, answers), Recommendation):
            shown = " ".join(f"{k}:{v}" for k, v in answers.items())
            yield "decision.rules", f"no rule decides the answers {shown}"
            return


def _bad_references(pack: Pack) -> Iterator[bool]:
    questions = {q.id: {o.id for o in q.options} for q in pack.decision.questions}
    for rule in pack.decision.rules:
        for qid, values in rule.when.items():
            yield qid not in questions or not set(values) <= questions[qid]


def _faq(pack: Pack, reserved: Mapping[str, str]) -> Iterator[Problem]:
    for i, entry in enumerate(pack.faq):
        for j, see in enumerate(entry.see):
            word = see.split()[0].lower().lstrip("/") if see.split() else ""
            if reserved and word not in reserved:
                yield f"faq[{i}].see[{j}]", f"{see!r} does not start with a command name"
