"""Free-text questions -> the best answer in the content.

Every answerable unit of the pack declares example questions and key terms (`ask` tables in
the content); the text of the unit's own answer counts too, with less weight. The router
scores units with BM25 over those words after spelling correction and light stemming, fills
role and level slots from the question's words, and refuses politely (never with a figure)
when too little of the question is understood or it names something the pack declares out
of scope.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rolebot.content.models import AskHints
from rolebot.context import Context
from rolebot.limits import MAX_WORDS
from rolebot.markup import plain
from rolebot.reply import Action, Bullets, Fields, Paragraph, Reply, Section, Status, Table
from rolebot.text import Allowance, TypoIndex, tokens, typo_budget
from rolebot.vocab import Scan

# English function words: they carry no topic. (Topic words live in the content.)
STOPWORDS = frozenset(
    (
        "a an the is are am was were be been being do does did doing i me my mine we our you your "
        "it its this that these those there here of to in on at by for from with as into about "
        "and or but if then so than too very just can could would will shall may might must "
        "what whats how whom whose why when there's it's i'm i've i'd have has had having gets got "
        "pls please hey thanks thank tell give show explain let myself yourself he she they them their"
    ).split()
)

EXAMPLE_WEIGHT = 1.0  # a word in an example question
TERM_WEIGHT = 2.0  # a declared key term
BODY_WEIGHT = 0.4  # a word of the answer's own text
K1, B = 1.2, 0.5
MIN_SCORE = 2.0  # below this best score the router refuses
MIN_COVERAGE = 0.5  # more than this share of the question's topic words must be known
RUNNER_UP = 0.8  # a second answer this close to the best is offered as a follow-up
LEVEL_BONUS = 1.5  # a named level points to the units that take a level
BODY_EVIDENCE = 0.5  # how much a word known only from answers' text counts towards coverage


def stem(word: str) -> str:
    """A light suffix stripper: enough to match plurals and simple verb forms."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def words_of(text: str) -> list[str]:
    """Tokens of `text`, with hyphen and slash compounds also split into their parts."""
    out = []
    for t in tokens(text):
        out.append(t)
        if "-" in t or "/" in t:
            out.extend(x for x in re.split(r"[-/]", t) if x)
    return out[:MAX_WORDS]


@dataclass
class Unit:
    command: str  # the command text it runs, before slots are filled
    slots: tuple[str, ...]  # "role" / "level" slots filled from the question's words
    label: str
    weights: dict[str, float] = field(default_factory=dict)
    hinted: set[str] = field(default_factory=set)  # words from its examples and terms
    length: float = 0.0


@dataclass
class Ranked:
    unit: Unit
    score: float


@dataclass
class Route:
    command: str | None  # what to run, None to refuse
    runner_up: str | None = None
    refusal: str | None = None  # why it refuses: "role", "place", "topic" or "unknown"


class Router:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        pack = ctx.pack
        self.units: list[Unit] = []
        # role/level words choose arguments, not topics; the pack's neutral words ("UK")
        # fit every answer equally: neither kind is scored
        self.slot_words = {w for phrase in ctx.vocab.phrases for w in phrase}
        self.slot_words |= {w for p in pack.scope.neutral for w in tokens(p)}
        self.slot_typos = TypoIndex(w for w in self.slot_words if len(w) > 3)
        self._add("compare", (), "Compare the roles", pack.overview.ask)
        for name, hints in (
            ("role", pack.topics.role),
            ("day", pack.topics.day),
            ("skills", pack.topics.skills),
            ("wins", pack.topics.wins),
        ):
            cmd = ctx.registry.find(name)
            self._add(name, ("role",), cmd.summary if cmd is not None else name, hints)
        self._add("salary", ("level", "role"), "Salary bands", pack.salary.ask)
        self._add("decide", (), "Which should I take?", pack.decision.ask)
        self._add("pivot", (), pack.pivot.title, pack.pivot.ask)
        self._add("mistakes", (), pack.mistakes.title, pack.mistakes.ask)
        self._add("cv", ("role",), pack.cv.title, pack.cv.ask)
        self._add("verdict", (), pack.verdict.title, pack.verdict.ask)
        self._add("about", (), "About the source", pack.source.ask)
        for i, entry in enumerate(pack.faq, 1):
            hints = AskHints(examples=(entry.question, *entry.ask.examples), terms=entry.ask.terms)
            self._add(f"faq {i}", (), entry.question, hints)
        self._index()
        self.scope: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for kind, items in (
            ("role", pack.scope.other_roles),
            ("place", pack.scope.other_places),
            ("topic", pack.scope.other_topics),
        ):
            for p in items:
                phrase = tuple(stem(w) for w in tokens(p))
                if phrase:
                    self.scope.setdefault(phrase[0], []).append((phrase, kind))
        # role and level words of a question, read once whether ranking, filling or falling back
        self.scan = lru_cache(maxsize=1024)(self._scan)

    # --- building the index -------------------------------------------------------------

    def _add(self, command: str, slots: tuple[str, ...], label: str, hints: AskHints) -> None:
        unit = Unit(command, slots, label)
        w = unit.weights
        for word in self._topic_words(self._body(command)):
            w[word] = BODY_WEIGHT
        unit.hinted = set()
        for example in hints.examples:
            for word in self._topic_words(example):
                w[word] = w.get(word, 0.0) + EXAMPLE_WEIGHT
                unit.hinted.add(word)
        for term in hints.terms:
            for word in self._topic_words(term, keep_all=True):
                w[word] = w.get(word, 0.0) + TERM_WEIGHT
                unit.hinted.add(word)
        self.units.append(unit)

    def _topic_words(self, text: str, keep_all: bool = False) -> set[str]:
        out = set()
        for word in words_of(text):
            if keep_all or (word not in STOPWORDS and word not in self.slot_words):
                out.add(stem(word))
        return out

    def _body(self, command: str) -> str:
        """The plain text of the unit's own answer (without the source line)."""
        from rolebot.bot import run_command

        reply = run_command(self.ctx, command)
        parts = [reply.title, reply.summary or ""]
        for section in reply.sections:
            parts.append(section.heading or "")
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    parts.append(block.text)
                elif isinstance(block, Bullets):
                    parts.extend(block.items)
                elif isinstance(block, Fields):
                    parts.extend(f"{f.name} {f.value}" for f in block.items)
                elif isinstance(block, Table):
                    parts.extend(" ".join(row) for row in block.rows)
        return plain(" ".join(parts))

    def _index(self) -> None:
        # a word's rarity is judged among the hints where it is hinted at all, so that a
        # key term stays strong even when many answers happen to mention it
        hinted: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        for u in self.units:
            for k in [k for k in u.weights if k in STOPWORDS or k in self.slot_words]:
                del u.weights[k]
            hinted.update(u.hinted & u.weights.keys())
            anywhere.update(u.weights.keys())
            u.length = sum(u.weights.values())
        n = len(self.units)
        avg = sum(u.length for u in self.units) / max(n, 1)
        self.idf = {
            w: math.log(1 + (n - c + 0.5) / (c + 0.5))
            for w, c in ((w, hinted.get(w) or c) for w, c in anywhere.items())
        }
        self.hinted = set(hinted)
        self.typos = TypoIndex(self.idf)
        self.postings: dict[str, list[tuple[Unit, float]]] = {}
        for u in self.units:
            for w, tf in u.weights.items():
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * u.length / avg))
                self.postings.setdefault(w, []).append((u, norm * self.idf[w]))

    # --- reading a question ---------------------------------------------------------------

    def correct(self, word: str, allowance: Allowance | None = None) -> str | None:
        """The known (stemmed) word a typo most likely stands for, if unambiguous."""
        s = stem(word)
        if s in self.idf:
            return s
        near = self.typos.near(s, typo_budget(word, strict=True), allowance)
        if not near or (len(near) > 1 and near[1][0] == near[0][0]):
            return None
        return near[0][1]

    def _scan(self, text: str) -> Scan:
        return self.ctx.vocab.scan(tokens(text), strict=False)

    def is_slot(self, word: str, allowance: Allowance | None = None) -> bool:
        """A role or level word, or an unambiguous typo of one."""
        if word in self.slot_words:
            return True
        return bool(self.slot_typos.near(word, typo_budget(word), allowance))

    def rank(self, text: str) -> tuple[list[Ranked], float, int]:
        """Units by score (best first), the share of the question's topic words that are
        known, and how many topic words it has at all (role and level words are not topic)."""
        known: list[str] = []
        total = matched = 0.0
        topic = 0
        allowance = Allowance()  # this question's share of spelling look-ups
        for w in words_of(text):
            if w in STOPWORDS or self.is_slot(w, allowance):
                continue
            c = self.correct(w, allowance)
            if c is None:
                unknown = w not in self.ctx.vocab.ignore  # the pack's filler words are neutral
                total += unknown
                topic += unknown
            elif c not in known:
                known.append(c)
                total += 1
                topic += 1
                # a word only seen in answers' text is weaker evidence than a declared hint
                matched += 1 if c in self.hinted else BODY_EVIDENCE
        scan = self.scan(text)
        if scan.ids("level"):  # a named level is a topic signal of its own
            total += 1
            matched += 1
        scores: dict[int, Ranked] = {}
        for w in known:
            for unit, value in self.postings.get(w, ()):
                r = scores.setdefault(id(unit), Ranked(unit, 0.0))
                r.score += value
        if scan.ids("level"):
            for u in self.units:
                if "level" in u.slots:
                    scores.setdefault(id(u), Ranked(u, 0.0)).score += LEVEL_BONUS
        ranked = sorted(scores.values(), key=lambda r: -r.score)
        coverage = matched / total if total else 0.0
        return ranked, coverage, topic

    def scope_hit(self, text: str) -> str | None:
        stems = tuple(stem(w) for w in tokens(text))
        for i, s in enumerate(stems):
            for phrase, kind in self.scope.get(s, ()):
                if stems[i : i + len(phrase)] == phrase:
                    return kind
        return None

    def fill(self, unit: Unit, text: str) -> str:
        if not unit.slots:
            return unit.command
        scan = self.scan(text)
        args = []
        if "level" in unit.slots:
            args += scan.ids("level")[:1]
        if "role" in unit.slots:
            roles = scan.ids("role")
            args += roles if len(roles) == 1 else []
        return " ".join([unit.command, *args])

    def route(self, text: str) -> Route:
        kind = self.scope_hit(text)
        if kind is not None:
            return Route(None, refusal=kind)
        ranked, coverage, topic = self.rank(text)
        if topic == 0:  # only role and level words ("staff ai", "ML engineer?")
            only = self._slot_only(text)
            return Route(only) if only else Route(None, refusal="unknown")
        if not ranked:
            return Route(None, refusal="unknown")
        best = ranked[0]
        if best.score < MIN_SCORE or coverage <= MIN_COVERAGE:
            return Route(None, refusal="unknown")
        command = self.fill(best.unit, text)
        second = next((r for r in ranked[1:] if r.unit.command.split()[0] != command.split()[0]), None)
        runner = None
        if second is not None and second.score >= RUNNER_UP * best.score:
            runner = self.fill(second.unit, text)
        return Route(command, runner)

    def _slot_only(self, text: str) -> str | None:
        """A question of role or level words only ("ML engineer?"): the first unit taking them."""
        scan = self.scan(text)
        kinds = {m.term.kind for m in scan.matches}
        if not kinds:
            return None
        unit = next((u for u in self.units if kinds <= set(u.slots)), None)
        return self.fill(unit, text) if unit else None

    def best_faq(self, text: str) -> int | None:
        ranked, _, _ = self.rank(text)
        for r in ranked:
            if r.unit.command.startswith("faq ") and r.score >= MIN_SCORE / 2:
                return int(r.unit.command.split()[1])
        return None

    # --- answering --------------------------------------------------------------------

    def answer(self, text: str) -> Reply:
        from rolebot.bot import run_command

        route = self.route(text)
        if route.command is None:
            return self.refuse(text, route.refusal or "unknown")
        reply = run_command(self.ctx, route.command)
        if route.runner_up:
            label = next((u.label for u in self.units if route.runner_up.startswith(u.command)), "")
            extra = Action(f"Or: {label}"[:75], route.runner_up)
            others = tuple(a for a in reply.actions if a.command != extra.command)
            reply = replace(reply, actions=(extra, *others)[:5])
        return reply

    def refuse(self, text: str, kind: str) -> Reply:
        pack = self.ctx.pack
        title, why = {
            "role": ("That role isn't covered here", ""),
            "place": (
                "Only one region is covered",
                f"My figures and advice are for the {pack.salary.region} only.",
            ),
            "topic": ("That's outside what I cover", ""),
        }.get(kind, ("I don't have an answer for that", ""))
        summary = f"{why} I answer questions on {pack.covers}, from one source article.".strip()
        registry = self.ctx.registry
        picks = [
            c
            for c in (registry.find(n) for n in ("compare", "salary", "day", "decide", "pivot", "faq"))
            if c is not None
        ]
        samples = [(c.examples_for(self.ctx.pack)[-1] if c.examples else c.name, c.summary) for c in picks]
        sections = (
            Section("Things you can ask", (Bullets(tuple(f"`/{e}`: {s}" for e, s in samples)),)),
            Section(None, (Paragraph("Or type `help` for every command."),)),
        )
        if not text.strip():
            title = f"Ask me about {pack.title}"
        return Reply(
            title=title,
            summary=summary,
            sections=sections,
            actions=tuple(Action(f"/{e}", e) for e, _ in samples[:5]),
            status=Status.OUT_OF_SCOPE,
            colours=self.ctx.colours,
            source=self.ctx.source_line,
        )
