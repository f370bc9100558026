"""Argument kinds: each kind of command argument (a role, a level, a FAQ number, decision
answers, a command name, free text) in one object that parses it, lists its choices for a
pack, completes what is typed, describes its values, and turns a platform's option values
back into command text. The parser, help, the Slack manifest and the Discord options all ask
the kind; none of them knows one kind from another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from rolebot.content.models import Pack
from rolebot.vocab import Scan, Vocabulary
from rolebot.words import distance, tokens, typo_budget


class Scope(Protocol):
    """What a kind may read: the pack a command runs in, its words, and the command names."""

    @property
    def pack(self) -> Pack: ...

    @property
    def vocab(self) -> Vocabulary: ...

    def command_names(self) -> list[str]: ...

    def command_name(self, word: str) -> str | None: ...

    def suggest_commands(self, word: str) -> list[str]: ...

    def best_faq(self, text: str) -> int | None: ...


@dataclass
class Values:
    """What the arguments of one call said. Empty means "not given"."""

    roles: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    number: int | None = None
    command_name: str | None = None  # a command named as an argument (help salary)


@dataclass
class ParseProblem:
    """Why a command line was not understood, with enough detail for a helpful reply."""

    kind: str  # "unknown_command" | "bad_argument" | "ambiguous" | "missing"
    word: str = ""
    command: str = ""  # the command whose arguments were not understood
    suggestions: list[str] = field(default_factory=list)
    expected: str = ""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Option:
    """One platform option (a Discord option, a form field): name, description, the choices
    for the pack, whether it is required, and whether its values are completed as typed."""

    name: str
    description: str
    choices: tuple[Choice, ...] = ()
    required: bool = False
    complete: bool = False


def near_words(word: str, choices: Iterable[str]) -> list[str]:
    """Choices within a few edits of `word`, nearest first."""
    budget = max(typo_budget(word), 1) + 1
    scored = sorted((distance(word.lower(), c, budget), c) for c in choices)
    return [c for d, c in scored if d <= budget][:3]


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The one choice nearest `word` within its typo budget; None when none or a tie."""
    budget = typo_budget(word)
    scored = sorted((distance(word, c, budget), c) for c in choices)
    hits = [c for d, c in scored if d <= budget and d == scored[0][0]] if scored else []
    return hits[0] if len(hits) == 1 else None


MAX_CHOICES = 25  # what any platform lists at once (Discord's limit)


class Kind:
    """An argument kind. Subclasses set `name` and override what they own."""

    name = ""
    greedy = False  # takes the rest of the line
    many = False  # several values, shown as "..." in usage

    def parse(self, scope: Scope, rest: str, values: Values, command: str) -> ParseProblem | None:
        raise NotImplementedError  # pragma: no cover - every greedy kind parses

    def choices(self, scope: Scope) -> list[Choice]:
        return []

    def describe(self, scope: Scope) -> str:
        """The valid values, as help shows them; "" when the description says it all."""
        return ""

    def complete(self, scope: Scope, typed: str) -> list[Choice]:
        """Choices for what is typed so far (autocomplete)."""
        text = typed.lower().strip()
        found = self.choices(scope)
        return [c for c in found if text in c.label.lower() or text in c.value.lower()] if text else found

    def options(self, scope: Scope, name: str, description: str, required: bool) -> list[Option]:
        return [Option(name, description, tuple(self.choices(scope)), required)]

    def to_text(self, name: str, value: str) -> str:
        """A platform option's value as command text."""
        return value

    def example(self, pack: Pack) -> str:
        return ""


class Word(Kind):
    """A role or a level: one of the pack's words for it, in any order with the others."""

    def __init__(self, name: str) -> None:
        self.name = name

    def ids(self, pack: Pack) -> list[tuple[str, str]]:
        items = pack.roles if self.name == "role" else pack.levels
        return [(i.id, i.name) for i in items]

    def choices(self, scope: Scope) -> list[Choice]:
        return [Choice(i, n) for i, n in self.ids(scope.pack)]

    def describe(self, scope: Scope) -> str:
        if self.name == "role":
            return ", ".join(f"`{i}` ({n})" for i, n in self.ids(scope.pack))
        return ", ".join(f"`{i}`" for i, _ in self.ids(scope.pack))

    def take(self, scan: Scan, values: Values) -> None:
        found = scan.ids("role" if self.name == "role" else "level")
        if self.name == "role":
            values.roles = found
        else:
            values.levels = found

    def expected(self, scope: Scope) -> str:
        return f"a {self.name} (" + ", ".join(i for i, _ in self.ids(scope.pack)) + ")"


class Text(Kind):
    """Free text: the rest of the line."""

    name = "text"
    greedy = many = True

    def __init__(self, missing: str = "a question") -> None:
        self.missing = missing

    def parse(self, scope: Scope, rest: str, values: Values, command: str) -> ParseProblem | None:
        values.text = rest
        return None if rest.strip() else ParseProblem("missing", command=command, expected=self.missing)


_NUMBERISH = re.compile(r"^[+-]?\d[\d.,\s]*$")
_NUMBER_WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}


class FaqQuestion(Kind):
    """A FAQ question: its number, or a few words from it."""

    name = "faq"
    greedy = True

    def parse(self, scope: Scope, rest: str, values: Values, command: str) -> ParseProblem | None:
        stripped = rest.strip().lstrip("#")
        if stripped.isdigit():
            values.number = int(stripped) if len(stripped) < 6 else -1
        elif stripped.lower() in _NUMBER_WORDS:  # "faq two"
            values.number = _NUMBER_WORDS[stripped.lower()]
        elif _NUMBERISH.match(stripped):  # "-1", "2.5", "3 4": a number, just not a question's
            values.number, values.text = -1, stripped
        else:
            values.text = rest
        return None

    def choices(self, scope: Scope) -> list[Choice]:
        return [Choice(str(i), f"{i}. {f.question}"[:100]) for i, f in enumerate(scope.pack.faq, 1)]

    def describe(self, scope: Scope) -> str:
        return f"1 to {len(scope.pack.faq)}, or words from a question"

    def complete(self, scope: Scope, typed: str) -> list[Choice]:
        """The best match for what is typed so far first, then questions sharing its words."""
        items = self.choices(scope)
        text = typed.strip().lower()
        if not text:
            return items[:MAX_CHOICES]
        best = str(scope.best_faq(text)) if len(text) > 2 else None
        words = text.split()
        scored = sorted(items, key=lambda c: (c.value != best, -sum(w in c.label.lower() for w in words)))
        hits = [c for c in scored if c.value == best or any(w in c.label.lower() for w in words)]
        return (hits or scored)[:MAX_CHOICES]

    def options(self, scope: Scope, name: str, description: str, required: bool) -> list[Option]:
        return [Option(name, description, (), required, complete=True)]


_ANSWER = re.compile(r"^\s*([a-z][\w-]*)\s*[:=]\s*(\S.*?)\s*$")


@lru_cache(maxsize=16)  # content models compare by identity: one entry per loaded rule
def _answer_names(decision: Any) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """A decision rule's questions by id, and each question's answer words (ids and aliases,
    lowercase) by option id: built once per loaded rule, not once per message."""
    questions = {q.id: q for q in decision.questions}
    names = {
        q.id: {w.lower(): o.id for o in q.options for w in (o.id, *o.aliases)} for q in decision.questions
    }
    return questions, names


class Answers(Kind):
    """Answers to the decision rule's questions, as question:answer pairs."""

    name = "answers"
    greedy = many = True

    def parse(self, scope: Scope, rest: str, values: Values, command: str) -> ParseProblem | None:
        pack = scope.pack
        questions, answer_names = _answer_names(pack.decision)
        for chunk in rest.replace(",", " ").split():
            m = _ANSWER.match(chunk.lower())
            if not m:
                example = " ".join(
                    f"{q.id}:{q.options[0].id}" for q in pack.decision.questions if q.default is None
                )
                return ParseProblem(
                    "bad_argument",
                    word=chunk,
                    command=command,
                    expected="answers as question:answer, e.g. " + " ".join(example.split()[:2]),
                )
            key, value = m.group(1), m.group(2)
            qid = key if key in questions else closest(key, list(questions))
            if qid is None:
                return ParseProblem(
                    "bad_argument",
                    word=key,
                    command=command,
                    suggestions=list(questions),
                    expected="one of the questions " + ", ".join(questions),
                )
            names = answer_names[qid]
            oid = names.get(value) or (names.get(c) if (c := closest(value, list(names))) else None)
            if oid is None:
                options = [o.id for o in questions[qid].options]
                return ParseProblem(
                    "bad_argument",
                    word=f"{key}:{value}",
                    command=command,
                    suggestions=[f"{qid}:{o}" for o in options],
                    expected=f"an answer to {qid}: " + ", ".join(options),
                )
            if values.answers.get(qid, oid) != oid:  # "team:ml team:ai" says two things
                return ParseProblem(
                    "bad_argument",
                    word=f"{key}:{value}",
                    command=command,
                    suggestions=[f"{qid}:{values.answers[qid]}", f"{qid}:{oid}"],
                    expected=f"one answer to {qid}",
                )
            values.answers[qid] = oid
        return None

    def describe(self, scope: Scope) -> str:
        return "; ".join(
            f"`{q.id}`: " + ", ".join(o.id for o in q.options) for q in scope.pack.decision.questions
        )

    def options(self, scope: Scope, name: str, description: str, required: bool) -> list[Option]:
        """One option per question of the decision rule."""
        return [
            Option(
                q.id,
                q.prompt.lstrip("0123456789. ")[:100],
                tuple(Choice(o.id, o.label[:100]) for o in q.options),
            )
            for q in scope.pack.decision.questions
        ]

    def to_text(self, name: str, value: str) -> str:
        return f"{name}:{value}"


class CommandName(Kind):
    """A command, by name or alias."""

    name = "command"

    greedy = True

    def parse(self, scope: Scope, rest: str, values: Values, command: str) -> ParseProblem | None:
        if rest:
            word = rest.split()[0].lstrip("/").lower()
            name = scope.command_name(word)
            if name is None:
                return ParseProblem("unknown_command", word=word, suggestions=scope.suggest_commands(word))
            values.command_name = name
        return None

    def choices(self, scope: Scope) -> list[Choice]:
        return [Choice(n, n) for n in scope.command_names()]

    def describe(self, scope: Scope) -> str:
        return ", ".join(scope.command_names())


ROLE, LEVEL = Word("role"), Word("level")
TEXT, FAQ, ANSWERS, COMMAND = Text(), FaqQuestion(), Answers(), CommandName()


def scan_words(
    scope: Scope, words: Sequence[Word], rest: str, values: Values, command: str
) -> ParseProblem | None:
    """Role and level words, read together in any order and any case."""
    wanted = tuple(w.name for w in words)
    scan = scope.vocab.scan(tokens(rest))
    expected = " and/or ".join(w.expected(scope) for w in sorted(words, key=lambda w: w.name != "level"))
    for word, terms in scan.ambiguous:
        return ParseProblem(
            "ambiguous", word=word, command=command, suggestions=[t.id for t in terms], expected=expected
        )
    if scan.unknown:
        word = scan.unknown[0]
        return ParseProblem(
            "bad_argument",
            word=word,
            command=command,
            suggestions=scope.vocab.suggestions(word, wanted),  # type: ignore[arg-type]
            expected=expected,
        )
    for w in words:
        w.take(scan, values)
    return None
