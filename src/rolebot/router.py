"""Free-text questions -> the best answer in the content.

Every answerable unit of the pack declares example questions and key terms (`ask` tables
in the content). The router scores units with BM25 over those words, after spelling
correction and light stemming, fills role and level slots from the question's words, and
refuses politely (never with a figure) when nothing fits or the question names something
the pack declares out of scope.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rolebot.content.models import AskHints
from rolebot.context import Context
from rolebot.markup import echo
from rolebot.reply import Action, Bullets, Paragraph, Reply, Section, Status
from rolebot.text import distance, normalize, tokens, typo_budget

# English function words: they carry no topic. (Topic words live in the content.)
STOPWORDS = frozenset(
    (
        "a an the is are am was were be been being do does did doing i me my mine we our you your "
        "it its this that these those there here of to in on at by for from with as into about "
        "and or but if then so than too very just can could would will shall may might must "
        "what whats how whom whose why when there's it's i'm i've i'd have has had having gets got"
    ).split()
)

TERM_WEIGHT = 2.0
K1, B = 1.2, 0.5
MIN_SCORE = 2.2  # below this best score the router refuses
RUNNER_UP = 0.8  # a second answer this close to the best is offered as a follow-up


def stem(word: str) -> str:
    """A light suffix stripper: enough to match plurals and simple verb forms."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return base + "e"
            return base
    return word


@dataclass
class Unit:
    command: str  # the command text it runs, before slots are filled
    slots: tuple[str, ...]  # "role" / "level" slots filled from the question's words
    label: str
    weights: dict[str, float] = field(default_factory=dict)
    length: float = 0.0


@dataclass
class Ranked:
    unit: Unit
    score: float


class Router:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        pack = ctx.pack
        self.units: list[Unit] = []
        add = self._add
        add("compare", (), "Compare the roles", pack.overview.ask)
        for name, hints in (
            ("role", pack.topics.role),
            ("day", pack.topics.day),
            ("skills", pack.topics.skills),
            ("wins", pack.topics.wins),
        ):
            cmd = ctx.registry.find(name)
            add(name, ("role",), cmd.summary if cmd is not None else name, hints)
        add("salary", ("level", "role"), "Salary bands", pack.salary.ask)
        add("decide", (), "Which should I take?", pack.decision.ask)
        add("pivot", (), pack.pivot.title, pack.pivot.ask)
        add("mistakes", (), pack.mistakes.title, pack.mistakes.ask)
        add("cv", ("role",), pack.cv.title, pack.cv.ask)
        add("verdict", (), pack.verdict.title, pack.verdict.ask)
        add("about", (), "About the source", pack.source.ask)
        for i, entry in enumerate(pack.faq, 1):
            hints = AskHints(examples=(entry.question, *entry.ask.examples), terms=entry.ask.terms)
            add(f"faq {i}", (), entry.question, hints)
        # slot words (roles, levels) choose arguments, not topics: keep them out of scoring
        self.slot_words = {w for phrase in ctx.vocab.phrases for w in phrase}
        df: Counter[str] = Counter()
        for u in self.units:
            for k in list(u.weights):
                if k in self.slot_words or k in STOPWORDS:
                    del u.weights[k]
            df.update(u.weights.keys())
            u.length = sum(u.weights.values())
        n = len(self.units)
        self.avg = sum(u.length for u in self.units) / max(n, 1)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.known = set(self.idf)
        self.by_len: dict[int, list[str]] = {}
        for w in self.known:
            self.by_len.setdefault(len(w), []).append(w)
        self.postings: dict[str, list[tuple[Unit, float]]] = {}
        for u in self.units:
            for w, tf in u.weights.items():
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * u.length / self.avg))
                self.postings.setdefault(w, []).append((u, norm * self.idf[w]))
        self.out_of_scope = [
            (re.compile(r"(?<![\w-])" + re.escape(normalize(p)) + r"(?![\w-])"), kind)
            for kind, items in (
                ("role", pack.scope.other_roles),
                ("place", pack.scope.other_places),
                ("topic", pack.scope.other_topics),
            )
            for p in items
        ]
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _add(self, command: str, slots: tuple[str, ...], label: str, hints: AskHints) -> None:
        unit = Unit(command, slots, label)
        for example in hints.examples:
            for w in {stem(w) for w in self._words(example)}:
                unit.weights[w] = unit.weights.get(w, 0.0) + 1.0
        for term in hints.terms:
            for w in self._words(term):
                unit.weights[stem(w)] = unit.weights.get(stem(w), 0.0) + TERM_WEIGHT
        self.units.append(unit)

    @staticmethod
    def _words(text: str) -> list[str]:
        out = []
        for t in tokens(text):
            out.append(t)
            if "-" in t or "/" in t:
                out.extend(x for x in re.split(r"[-/]", t) if x)
        return out

    def _correct(self, word: str) -> str | None:
        """The known (stemmed) word a typo most likely stands for, if unambiguous."""
        s = stem(word)
        if s in self.known:
            return s
        budget = typo_budget(word)
        if budget == 0:
            return None
        best, found = budget + 1, []
        for size in range(len(s) - budget, len(s) + budget + 1):
            for cand in self.by_len.get(size, ()):
                d = distance(s, cand, best)
                if d < best:
                    best, found = d, [cand]
                elif d == best:
                    found.append(cand)
        if best <= budget and len(found) == 1:
            return found[0]
        return None

    def rank(self, text: str) -> tuple[list[Ranked], list[str]]:
        """Units by score, best first, and the query's topic words (after correction)."""
        words: list[str] = []
        for w in self._words(text):
            if w in STOPWORDS or w in self.slot_words:
                continue
            c = self.correct(w)
            if c is not None and c not in words:
                words.append(c)
        scores: dict[int, float] = {}
        units: dict[int, Unit] = {}
        for w in words:
            for unit, value in self.postings.get(w, ()):
                scores[id(unit)] = scores.get(id(unit), 0.0) + value
                units[id(unit)] = unit
        ranked = sorted((Ranked(units[k], v) for k, v in scores.items()), key=lambda r: -r.score)
        return ranked, words

    def scope_hit(self, text: str) -> str | None:
        norm = " ".join(tokens(text))
        for pattern, kind in self.out_of_scope:
            if pattern.search(norm):
                return kind
        return None

    def fill(self, unit: Unit, text: str) -> str:
        if not unit.slots:
            return unit.command
        scan = self.ctx.vocab.scan(tokens(text), strict=False)
        args = []
        if "level" in unit.slots:
            args += scan.ids("level")
        if "role" in unit.slots:
            roles = scan.ids("role")
            args += roles if len(roles) == 1 else []
        return " ".join([unit.command, *args])

    def route(self, text: str) -> tuple[str | None, str | None, str | None]:
        """(command to run, runner-up command, reason for refusing)."""
        kind = self.scope_hit(text)
        if kind is not None:
            return None, None, kind
        ranked, _ = self.rank(text)
        if not ranked or ranked[0].score < MIN_SCORE:
            return None, None, "unknown"
        best = ranked[0]
        runner = next(
            (
                r
                for r in ranked[1:]
                if r.unit.command.split()[0] != best.unit.command.split()[0]
                or r.unit.command != best.unit.command
            ),
            None,
        )
        second = None
        if runner is not None and runner.score >= RUNNER_UP * best.score:
            second = self.fill(runner.unit, text)
        return self.fill(best.unit, text), second, None

    def best_faq(self, text: str) -> int | None:
        ranked, _ = self.rank(text)
        for r in ranked:
            if r.unit.command.startswith("faq ") and r.score >= MIN_SCORE / 2:
                return int(r.unit.command.split()[1])
        return None

    def answer(self, text: str) -> Reply:
        from rolebot.bot import run_command

        command, second, refusal = self.route(text)
        if command is None:
            return self.refuse(text, refusal or "unknown")
        reply = run_command(self.ctx, command)
        if second and second != command:
            label = next((u.label for u in self.units if second.startswith(u.command)), second)
            extra = Action(f"Or: {label}"[:75], second)
            reply = _with_action(reply, extra)
        return reply

    def refuse(self, text: str, kind: str) -> Reply:
        pack = self.ctx.pack
        why = {
            "role": "That role isn't one I cover.",
            "place": "I only have UK figures and advice, so I can't answer for other countries.",
            "topic": "That's outside what I cover.",
        }.get(kind, "I couldn't match that to anything I know.")
        summary = f"{why} I answer questions on {pack.covers}, from one source article."
        registry = self.ctx.registry
        picks = [
            c
            for c in (registry.find(n) for n in ("compare", "salary", "day", "decide", "pivot", "faq"))
            if c is not None
        ]
        samples = [
            (c.examples[min(1, len(c.examples) - 1)] if c.examples else c.name, c.summary) for c in picks
        ]
        sections = (
            Section("Things you can ask", (Bullets(tuple(f"`/{e}`: {s}" for e, s in samples)),)),
            Section(None, (Paragraph("Or type `help` for every command."),)),
        )
        title = (
            f"Sorry, I can't answer \u201c{echo(text, 60)}\u201d"
            if text.strip()
            else "Ask me about the two roles"
        )
        return Reply(
            title=title,
            summary=summary,
            sections=sections,
            actions=tuple(Action(f"/{e}", e) for e, _ in samples[:5]),
            status=Status.OUT_OF_SCOPE,
            colours=self.ctx.colours,
            source=self.ctx.source_line,
        )


def _with_action(reply: Reply, action: Action) -> Reply:
    from dataclasses import replace

    actions = tuple(a for a in reply.actions if a.command != action.command)
    return replace(reply, actions=(action, *actions)[:5])
