"""Command text -> `Invocation`, or a `ParseError` saying what was not understood.

Accepted shapes: `/salary senior ml`, `salary senior ml`, `/rolebot salary senior ml`,
with a leading bot mention allowed. Arguments come in any order and any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rolebot.context import Context, Invocation
from rolebot.limits import MAX_INPUT_CHARS
from rolebot.registry import ArgKind, Command
from rolebot.text import clean, distance, strip_mentions, tokens, typo_budget
from rolebot.vocab import Kind


@dataclass
class ParseError:
    """What went wrong, with enough detail for a helpful reply."""

    kind: str  # "unknown_command" | "bad_argument" | "ambiguous" | "missing"
    word: str = ""
    command: Command | None = None
    suggestions: list[str] = field(default_factory=list)
    expected: str = ""


@dataclass
class Split:
    """Input split into its command word (if any) and the rest."""

    slash: bool
    word: str
    rest: str


_ANSWER = re.compile(r"^\s*([a-z][\w-]*)\s*[:=]\s*(\S.*?)\s*$")


def split(raw: str, umbrella: str) -> Split:
    text = strip_mentions(clean(raw[:MAX_INPUT_CHARS])).strip()
    if text.lower().startswith("@" + umbrella):  # "@rolebot ..." typed as plain text
        text = text[len(umbrella) + 1 :].strip(" ,:")
    slash = text.startswith("/")
    text = text.lstrip("/").strip()
    word, _, rest = text.partition(" ")
    if word.lower() == umbrella:  # "/rolebot ..." takes a command or a plain question
        inner = rest.strip()
        slash = inner.startswith("/")
        word, _, rest = inner.lstrip("/").partition(" ")
    return Split(slash, word, rest.strip())


def suggest_commands(ctx: Context, word: str) -> list[str]:
    word = word.lower()
    budget = max(typo_budget(word), 1) + 1
    scored = []
    for w in ctx.registry.words():
        d = distance(word, w, budget)
        if d <= budget or (len(word) >= 3 and w.startswith(word)):
            cmd = ctx.registry.find(w)
            if cmd is not None:
                scored.append((d, cmd.name))
    out: list[str] = []
    for _, name in sorted(scored):
        if name not in out:
            out.append(name)
    return out[:3]


def suggest_words(word: str, choices: list[str]) -> list[str]:
    """Choices within a few edits of `word`, nearest first."""
    budget = max(typo_budget(word), 1) + 1
    scored = sorted((distance(word.lower(), c, budget), c) for c in choices)
    return [c for d, c in scored if d <= budget][:3]


_NUMBERISH = re.compile(r"^[+-]?\d[\d.,\s]*$")
_NUMBER_WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}


def parse_args(ctx: Context, command: Command, rest: str) -> Invocation | ParseError:
    inv = Invocation(command)
    kinds = {a.kind for a in command.args}
    if ArgKind.TEXT in kinds:
        inv.text = rest
        if not rest.strip():
            return ParseError("missing", command=command, expected="a question")
        return inv
    if ArgKind.COMMAND in kinds:
        if rest:
            word = rest.split()[0].lstrip("/")
            target = ctx.registry.find(word)
            if target is None:
                return ParseError("unknown_command", word=word, suggestions=suggest_commands(ctx, word))
            inv.target = target
        return inv
    if ArgKind.FAQ in kinds:
        stripped = rest.strip().lstrip("#")
        if stripped.isdigit():
            inv.number = int(stripped) if len(stripped) < 6 else -1
        elif stripped.lower() in _NUMBER_WORDS:  # "faq two"
            inv.number = _NUMBER_WORDS[stripped.lower()]
        elif _NUMBERISH.match(stripped):  # "-1", "2.5", "3 4": a number, just not a question's
            inv.number, inv.text = -1, stripped
        else:
            inv.text = rest
        return inv
    if ArgKind.ANSWERS in kinds:
        return _answers(ctx, inv, rest)
    wanted: tuple[Kind, ...] = tuple(k.value for k in (ArgKind.ROLE, ArgKind.LEVEL) if k in kinds)  # type: ignore[misc]
    if not wanted:
        return inv  # a command without arguments ignores trailing words
    scan = ctx.vocab.scan(tokens(rest))
    for word, terms in scan.ambiguous:
        return ParseError(
            "ambiguous",
            word=word,
            command=command,
            suggestions=[t.id for t in terms],
            expected=_expected(ctx, wanted),
        )
    if scan.unknown:
        word = scan.unknown[0]
        return ParseError(
            "bad_argument",
            word=word,
            command=command,
            suggestions=ctx.vocab.suggestions(word, wanted),
            expected=_expected(ctx, wanted),
        )
    inv.roles = scan.ids("role") if "role" in wanted else []
    inv.levels = scan.ids("level") if "level" in wanted else []
    return inv


def _expected(ctx: Context, kinds: tuple[Kind, ...]) -> str:
    parts = []
    if "level" in kinds:
        parts.append("a level (" + ", ".join(ctx.vocab.level_ids) + ")")
    if "role" in kinds:
        parts.append("a role (" + ", ".join(ctx.vocab.role_ids) + ")")
    return " and/or ".join(parts)


def _answers(ctx: Context, inv: Invocation, rest: str) -> Invocation | ParseError:
    questions = {q.id: q for q in ctx.pack.decision.questions}
    for chunk in rest.replace(",", " ").split():
        m = _ANSWER.match(chunk.lower())
        if not m:
            return ParseError(
                "bad_argument",
                word=chunk,
                command=inv.command,
                expected="answers as question:answer, e.g. " + _answer_example(ctx),
            )
        key, value = m.group(1), m.group(2)
        qid = key if key in questions else _closest(key, list(questions))
        if qid is None:
            return ParseError(
                "bad_argument",
                word=key,
                command=inv.command,
                suggestions=list(questions),
                expected="one of the questions " + ", ".join(questions),
            )
        question = questions[qid]
        names = {}
        for opt in question.options:
            for word in (opt.id, *opt.aliases):
                names[word.lower()] = opt.id
        oid = names.get(value) or (names.get(c) if (c := _closest(value, list(names))) else None)
        if oid is None:
            options = [o.id for o in question.options]
            return ParseError(
                "bad_argument",
                word=f"{key}:{value}",
                command=inv.command,
                suggestions=[f"{qid}:{o}" for o in options],
                expected=f"an answer to {qid}: " + ", ".join(options),
            )
        if inv.answers.get(qid, oid) != oid:  # "team:ml team:ai" says two things
            return ParseError(
                "bad_argument",
                word=f"{key}:{value}",
                command=inv.command,
                suggestions=[f"{qid}:{inv.answers[qid]}", f"{qid}:{oid}"],
                expected=f"one answer to {qid}",
            )
        inv.answers[qid] = oid
    return inv


def _answer_example(ctx: Context) -> str:
    qs = [q for q in ctx.pack.decision.questions if q.default is None][:2]
    return " ".join(f"{q.id}:{q.options[0].id}" for q in qs)


def _closest(word: str, choices: list[str]) -> str | None:
    budget = typo_budget(word)
    scored = sorted((distance(word, c, budget), c) for c in choices)
    hits = [c for d, c in scored if d <= budget and d == scored[0][0]] if scored else []
    return hits[0] if len(hits) == 1 else None
