"""Free-text questions -> the best answer in the content.

Every answerable unit of the pack declares example questions and key terms (`ask` tables in
the content); the text of the unit's own answer counts too, with less weight. The router
scores units with BM25 over those words after spelling correction and light stemming, fills
role and level slots from the question's words, and refuses politely (never with a figure)
when too little of the question is understood or it names something the pack declares out
of scope.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from rolebot import cache
from rolebot.content.models import AskedQuestion, AskHints
from rolebot.dispatch import run_command
from rolebot.limits import MAX_WORDS
from rolebot.markup import plain
from rolebot.reading import JOINED, Frame, Reader, not_about_me
from rolebot.registry import PackContext
from rolebot.reply import Action, Bullets, Fields, Paragraph, Reply, Section, Status, Table
from rolebot.shape import combine, lead_with, promote, with_note
from rolebot.vocab import Scan
from rolebot.words import Allowance, TypoIndex, tokens, typo_budget

# English function words: they carry no topic. (Topic words live in the content.)
STOPWORDS = frozenset(
    (
        "a an the is are am was were be been being do does did doing i me my mine we our you your "
        "it its this that these those there here of to in on at by for from with as into about "
        "and or but if then so than too very just can could would will shall may might must "
        "what whats how whom whose why when there's it's i'm i've i'd have has had having gets got "
        "pls please hey thanks thank tell give show explain let myself yourself he she they them their "
        "like lol tbh ngl everyone anyone someone everybody anybody somebody guys folks"
    ).split()
)

EXAMPLE_WEIGHT = 1.0  # a word in an example question
LEARNED_WEIGHT = 0.5  # a word in a learned question (they are many, and noisier)
TERM_WEIGHT = 2.0  # a declared key term
BODY_WEIGHT = 0.4  # a word of the answer's own text
K1, B = 1.2, 0.5
MIN_SCORE = 2.0  # below this best score the router refuses
MIN_COVERAGE = 0.5  # more than this share of the question's topic words must be known...
MIN_COVERAGE_ON_ROLE = 0.2  # ...or this much when it names one of the pack's roles as a job,
MIN_COVERAGE_LONG = 0.3  # ...or in a long message (LONG topic words or more) with a clear best answer
LONG = 10
PART_SCORE = 1.5 * MIN_SCORE  # one question of several must be clearly about its topic
RARE = 1.9  # the rarity (idf) of a word found in at most three answers
RUNNER_UP = 0.8  # a second answer this close to the best is offered as a follow-up
OPENER_ALTERNATIVE = 0.5  # an answer this close to the bare decision opener is given instead
LEVEL_BONUS = 1.5  # a named level points to the units that take a level
BODY_EVIDENCE = 0.5  # how much a word known only from answers' text counts towards coverage
ENTITY_BONUS = 4.0  # a name the content mentions (a company, a tool) points to where it is
PAY_BONUS = 5.0  # pay named in slang ("what's a senior MLE on") points to the pay answers
PAY_HINTS = 4  # an answer whose hints use this many pay words is about pay
ENTITY = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9&]*[a-z0-9&][A-Za-z0-9&]*|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z]*\d+[A-Za-z][A-Za-z0-9]*"
    r"|[A-Z]{3,})\b"  # names, camelCase, tokens with digits (H100, 7B), acronyms (FSDP, CUDA)
)
# digit runs are matched from their start only ((?<![\d.])), so a flood of digits costs one pass
# a figure someone claims: "20%", "£300k", "3x", "£1m", "£1 million", "£1,000,000"
CLAIM = re.compile(r"£?(?<![\d.])\d+(?:\.\d+)?(?:-\d+)?(?:%|k\b|x\b|m\b|\s?million\b|(?:,000)+\b)")
TIMES = re.compile(r"^(\d+)x([a-z][a-z0-9]*)$")
MAX_ENTITY_UNITS = 3  # a name in more answers than this is a common word, not a pointer


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match plurals and simple verb forms."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _sentences(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]


_PREMISE = re.compile(
    r"\b(?:right|isn't it|innit|true|correct|heard|says|said|reckons?|apparently|claims?|told me|rumou?r)\b|="
    # a yes-no question that puts a figure to the bot: "do staff MLEs earn £300k?", "is the premium 40%?"
    r"|^\W*(?:do|does|is|are|can|will|would)\b[^?]*\d[^?]*\?"
)
# a choice between two things: "rust or go?", "should I learn kotlin or swift"
_SAME_NOUN = {w: "engineer" for w in ("dev", "devs", "developer", "developers", "engineers", "eng", "engs")}
_YEAR = re.compile(r"(?<![\d£.-])((?:19|20)\d\d)(?![\d%k-])")
_SUM = re.compile(r"(?<![\d.])£?\s?(\d{2,3})(?:,000\b|k\b|\s?grand\b)")  # a sum in thousands
_CHOICE = re.compile(
    r"(?:^\W*|\b(?:learn|use|pick|choose|go with|try|between)\s+)"
    r"([a-z][a-z0-9+#.]*) (?:or|vs|and) ([a-z][a-z0-9+#.]*)\b"
)
_CHOOSE = re.compile(
    r"\b(?:which (?:one|offer|should|do i|would you)|should i (?:take|accept|choose|pick|go))\b"
)
_OTHER_SIDES = re.compile(
    r"\b(?:offer|company|option|job|role)\s+(?:a|b|1|2|one|two)\b|\b(?:first|second)\s+(?:offer|company|job)\b"
)
_EMPLOYER = re.compile(
    r"\b(?:at|from|does|join|joining|joined)\s+([a-z][a-z0-9&]*)"
    r"|\b([a-z][a-z0-9&]*)'s\s+(?:band|bands|pay|salary|salaries|comp|offer|package|rate|rates|levels)\b"
)
_NOT_NAMES = frozenset("a an the my our your their his her this that these those some any one".split())
_THOUSANDS = re.compile(r"\b(\d{1,3}),000\b")
# words between two levels that make them a span ("junior thru principal": the whole table),
# not separate questions ("senior + staff bands")
_SPAN = frozenset("to thru through till until up".split())
# "MLEs rather than AIEs": the role before the contrast is the one asked about
_CONTRAST = frozenset("rather instead opposed over not".split())
_BAND = re.compile(r"(?<![\d.])£?\s?(\d{2,3})\s?k?\s?(?:-|–|to)\s?£?(\d{2,3})\s?k\b")
_WEIGHING = re.compile(
    r"\b(?:more|less|better|worse|higher|lower|gap|difference|differ|vs|versus|compare[ds]?|than|premium|"
    r"same|equal|each|both|either|which|who)\b"
)
_WHICH = re.compile(r"\b(?:which|who|what role|what title)\b")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:percent|per cent|pc)\b", re.IGNORECASE)


def unify(text: str) -> str:
    """Figures written one way: "50,000" as "50k", "41 percent" as "41%"."""
    return _PERCENT.sub(r"\1%", _THOUSANDS.sub(r"\1k", text))


def words_of(text: str) -> list[str]:
    """Tokens of `text`, with hyphen and slash compounds also split into their parts."""
    return list(_words_of(text))


@lru_cache(maxsize=8192)
def _words_of(text: str) -> tuple[str, ...]:
    out = []
    for t in tokens(unify(text)):
        out.append(t)
        if "-" in t or "/" in t or "." in t:  # "fine-tune", "a/b", "builder.ai"
            out.extend(x for x in re.split(r"[-/.]", t) if x)
        elif TIMES.match(t):  # "4xh100" written with a multiplication sign in the content
            out.extend(TIMES.match(t).groups())  # type: ignore[union-attr]
    return tuple(out[:MAX_WORDS])


@lru_cache(maxsize=8192)  # answers' lines recur in every answer that shows them
def stems_of(line: str) -> frozenset[str]:
    """The stemmed words of a line of an answer."""
    return frozenset(stem(w) for w in words_of(line))


@dataclass
class Unit:
    command: str  # the command text it runs, before slots are filled
    slots: tuple[str, ...]  # "role" / "level" slots filled from the question's words
    label: str
    weights: dict[str, float] = field(default_factory=dict)
    hinted: set[str] = field(default_factory=set)  # words from its examples and terms
    length: float = 0.0
    body: str = ""  # the answer's own text


@dataclass
class Ranked:
    unit: Unit
    score: float


@dataclass
class Route:
    command: str | None  # what to run, None to refuse
    runner_up: str | None = None
    refusal: str | None = None  # why it refuses: "role", "place", "topic" or "unknown"


_CODE: str | None = None


def code_version() -> str:
    """A hash of the core's source: a cached question index is only reused by the code
    that built it."""
    global _CODE
    if _CODE is None:
        root = Path(__file__).parent
        digest = hashlib.sha256()
        for f in sorted(root.rglob("*.py")):  # size and time of change: no need to read them
            st = f.stat()
            digest.update(f"{f.relative_to(root)}|{st.st_size}|{st.st_mtime_ns}".encode())
        _CODE = digest.hexdigest()[:16]
    return _CODE


@dataclass(frozen=True)
class Plan:
    """What a question needs: the commands to run, in order, and how to put their answers
    together ("shaped": one answer led by what was asked; "parts": a section each; "one": as it
    is, with notes; "bare": as it is); or a reply made without running anything."""

    text: str
    commands: tuple[str, ...] = ()
    frame: Frame | None = None
    how: str = "one"
    runner_up: str | None = None
    assumed: str = ""  # what a decision assumed where the question did not say
    reply: Reply | None = None


class Router:
    @classmethod
    def cached(cls, ctx: PackContext, base: Path | None) -> Router:
        """The router for `ctx`, from the cache folder `base` when one built by this code for
        this content is there (building it runs every answer once), else built and cached."""
        family = f"router-{ctx.pack.id}-"
        path = base / f"{family}{ctx.pack.version}-{code_version()}.pickle" if base else None
        router = cache.load(path)
        if isinstance(router, cls):
            router.attach(ctx)
            return router
        router = cls(ctx)
        router._said  # noqa: B018 - built once and cached with the rest
        cache.store(path, router, family=family)
        return router

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        for key in (
            "ctx",
            "scan",
            "slots_in",
            "named_in",
            "said_by_role",
        ):  # bound to this process's context, or lazy
            state.pop(key, None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def attach(self, ctx: PackContext) -> None:
        """Bind an unpickled router to the context it serves."""
        self.ctx = ctx
        self.scan = lru_cache(maxsize=1024)(self._scan)
        self.slots_in = lru_cache(maxsize=256)(self._slots_in)
        self.reader.attach(ctx.pack, ctx.vocab)

    def __init__(self, ctx: PackContext) -> None:
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
        self._learn(pack.questions)
        self._index()
        # role and level words of a question, read once whether ranking, filling or falling back
        self.scan = lru_cache(maxsize=1024)(self._scan)
        self.slots_in = lru_cache(maxsize=256)(self._slots_in)
        self.reader = Reader(pack, ctx.vocab)
        self.pay_terms = {stem(w) for t in pack.salary.ask.terms for w in tokens(t)} - {"k", "more"}
        self.entities = self._entities()
        # the answers about pay: those whose hints use several pay words (the salary table, and
        # a "which pays more" entry); the question's other words choose among them
        self.pay_units = [u for u in self.units if len(u.hinted & self.pay_terms) >= PAY_HINTS]

    # --- building the index -------------------------------------------------------------

    def _add(self, command: str, slots: tuple[str, ...], label: str, hints: AskHints) -> None:
        unit = Unit(command, slots, label, body=self._body(command))
        w = unit.weights
        for word in self._topic_words(unit.body):
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

    def _learn(self, questions: tuple[AskedQuestion, ...]) -> None:
        """Real questions count as examples of the answer that answers them."""
        units = {u.command: u for u in self.units}
        before = {w for u in self.units for w in u.weights}
        for q in questions:
            unit = units.get(q.answer)
            if unit is None:
                continue
            # their words rank answers; only the curated hints and the answers' text say
            # what a question must be about to be answered at all (coverage)
            for word in self._topic_words(q.text):
                unit.weights[word] = unit.weights.get(word, 0.0) + LEARNED_WEIGHT
        self.learned_only = {w for u in self.units for w in u.weights} - before

    def _topic_words(self, text: str, keep_all: bool = False) -> set[str]:
        out = set()
        for word in words_of(text):
            if keep_all or (word not in STOPWORDS and word not in self.slot_words):
                out.add(stem(word))
        return out

    def _body(self, command: str) -> str:
        """The plain text of the unit's own answer (without the source line)."""
        return self._text(run_command(self.ctx, command))

    @staticmethod
    def _text(reply: Reply) -> str:
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
        return plain("\n".join(parts))  # one line a part: each starts a sentence

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

    @cached_property
    def named_in(self) -> dict[tuple[str, str], str]:
        """Where a unit answers per role, which role's answer names a name ("Jane Street": the
        ML Engineer's). Built on the first question that names one."""
        per_role: dict[tuple[str, str], list[str]] = {}
        for unit in self.units:
            if "role" not in unit.slots:
                continue
            for role in (r.id for r in self.ctx.pack.roles):
                command = f"{unit.command} {role}"
                for name in self._names(self._text(run_command(self.ctx, command)), self._lower):
                    per_role.setdefault((unit.command, name), []).append(command)
        # only names that one role's answer has and the other's has not
        return {key: found[0] for key, found in per_role.items() if len(found) == 1}

    @staticmethod
    def _names(body: str, lower: set[str]) -> set[str]:
        body = unify(body)
        names = set()
        for m in ENTITY.finditer(body):
            word = m.group()
            before = body[: m.start()].rstrip(" ")  # a new line starts a sentence too
            initial = not before or before[-1] in ".!?:;\n"
            # "(Synthesia, ElevenLabs)" opens a list of names; "(Lifted from..." opens a phrase
            listed = body[m.end() : m.end() + 1] in (",", ")")
            initial = initial or (before[-1:] in ("(", "\u201c") and not listed)
            if initial and word[1:].islower() and not any(c.isdigit() for c in word):
                continue  # "Avoiding...", "Look..." start a sentence; they are not names
            names.add(word.lower())
        names -= lower
        figures = {t for t in tokens(body) if re.search(r"\d", t) and not t.isdigit()}
        # a year is a name too, also inside a range ("2023-2024" answers "what happened in 2023")
        years = {y for t in tokens(body) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", t)}
        return names | figures | years

    def _entities(self) -> dict[str, list[Unit]]:
        """Names the content mentions -> the few units that mention them. A name is a word
        the content only ever writes capitalised (Synthesia, Haiku, Jane Street), or a token
        with a digit that is not a bare number (H100, 7B, 9%)."""
        lower: set[str] = set()
        self._acronyms: set[str] = set()
        for unit in self.units:
            lower |= set(re.findall(r"\b[a-z][a-z0-9]*\b", unit.body))
            self._acronyms |= {a.lower() for a in re.findall(r"\b[A-Z]{3,}\b", unit.body)}
        found: dict[str, list[Unit]] = {}
        for unit in self.units:
            for name in self._names(unit.body, lower):
                found.setdefault(name, []).append(unit)
        self._lower = lower
        pack = self.ctx.pack
        common = self.slot_words | STOPWORDS | {w for p in pack.scope.neutral for w in tokens(p)}
        # places are where, not what: "London" points at no one answer
        common |= {
            w
            for p in (*pack.reading.home_places, *(x.label for x in pack.salary.premiums))
            for w in tokens(p)
        }
        # an acronym the hints already use as a topic word (SWE, RAG) is vocabulary, not a name
        vocabulary = {a for a in self._acronyms if stem(a) in self.hinted}
        # every name, however many answers mention it ("OpenAI"): a line naming it may lead
        self.names = {k for k in found if k not in common and len(k) > 1 and k not in vocabulary}
        return {
            k: v
            for k, v in found.items()
            if len(v) <= MAX_ENTITY_UNITS and k not in common and len(k) > 1 and k not in vocabulary
        }

    # --- reading a question ---------------------------------------------------------------

    def correct(self, word: str, allowance: Allowance | None = None) -> str | None:
        """The known (stemmed) word a typo most likely stands for, if unambiguous."""
        s = stem(word)
        if s in self.idf and s not in self.learned_only:
            return s
        if word.endswith("s") and word[:-1] in self.idf and word[:-1] not in self.learned_only:  # "cvs"
            return word[:-1]
        # a typo keeps its first letter ("timeline" is not a typo of "pipeline"); a word known
        # only from the learned questions may be a typo they contain ("skils"): the curated
        # word it stands for wins
        near = [
            (d, w)
            for d, w in self.typos.near(s, typo_budget(word, strict=True), allowance)
            if w[:1] == s[:1] and w not in self.learned_only
        ]
        nearest = [w for d, w in near if d == near[0][0]] if near else []
        if len(nearest) > 1:  # a tie: the word more answers use ("skill", not "skip")
            spread = sorted(((len(self.postings.get(w, ())), w) for w in nearest), reverse=True)
            nearest = [spread[0][1]] if spread[0][0] > spread[1][0] else []
        if len(nearest) != 1:
            return s if s in self.idf else None
        return nearest[0]

    def _scan(self, text: str) -> Scan:
        return self.ctx.vocab.scan(tokens(text), strict=False)

    def is_slot(self, word: str, allowance: Allowance | None = None) -> bool:
        """A role or level word, or an unambiguous typo of one."""
        if word in self.slot_words:
            return True
        return bool(self.slot_typos.near(word, typo_budget(word, strict=True), allowance))

    def rank(self, text: str, frame: Frame | None = None) -> tuple[list[Ranked], float, int]:
        """Units by score (best first), the share of the question's topic words that are
        known, and how many topic words it has at all (role and level words are not topic)."""
        known: list[str] = []
        total = matched = 0.0
        topic = 0
        allowance = Allowance()  # this question's share of spelling look-ups
        bonus: dict[int, float] = {}
        named: list[str] = []
        for w in words_of(text):
            if w in self.entities and w not in named:
                named.append(w)
                total += 1
                topic += 1
                matched += 1
                for unit in self.entities[w]:
                    bonus[id(unit)] = bonus.get(id(unit), 0.0) + ENTITY_BONUS / len(self.entities[w])
                continue
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
        if frame is not None and frame.pay:  # pay named in words the hints may not hold
            total += 1
            matched += 1
            for u in self.pay_units:
                bonus[id(u)] = bonus.get(id(u), 0.0) + PAY_BONUS
        for u in self.units:
            if id(u) in bonus:
                scores.setdefault(id(u), Ranked(u, 0.0)).score += bonus[id(u)]
        if scan.ids("level"):
            for u in self.units:
                if "level" in u.slots:
                    scores.setdefault(id(u), Ranked(u, 0.0)).score += LEVEL_BONUS
        if frame is not None and frame.pay and len(frame.roles) == 1 and not _WEIGHING.search(frame.subject):
            # "AIE pay": one role's pay, not which of the two pays more
            for u in self.pay_units:
                if "role" in u.slots:
                    scores.setdefault(id(u), Ranked(u, 0.0)).score += LEVEL_BONUS
        ranked = sorted(scores.values(), key=lambda r: -r.score)
        coverage = matched / total if total else 0.0
        return ranked, coverage, topic

    def fill(self, unit: Unit, text: str, frame: Frame | None = None) -> str:
        """The unit's command with its role and level filled from the question's subject:
        words of this part first, then the whole message's (so "and what's the pay for one?"
        keeps the role named before); entry-level words read as the first level."""
        if not unit.slots:
            return unit.command
        own = self.reader.read(text)
        args = []
        band = self._band_named(text)  # "what's £120-165k in dollars?": the band that says it
        if "level" in unit.slots:
            levels = own.levels or (frame.levels if frame else [])
            if not levels and band[0] is not None:
                levels = [band[0]]
            if not levels and (own.entry or (frame is not None and frame.entry)):
                levels = [self.ctx.pack.levels[0].id]
            if self._level_span(own.subject):  # "junior thru principal": the whole table
                levels = []
            args += levels[:1]
        if "role" in unit.slots:
            roles = own.roles or (frame.roles if frame else [])
            titled = own.titled or (frame.titled if frame else [])
            if len(roles) > 1 and len(titled) == 1:  # "an AI eng hire... not ML theory": the AI one
                roles = titled
            if len(roles) > 1:  # "which firms hire MLEs rather than AIEs?": the ML one
                roles = self._contrasted(own.subject) or roles
            if not roles and band[1] is not None and "level" in unit.slots:
                roles = [band[1]]
            args += roles if len(roles) == 1 else []
        return " ".join([unit.command, *args])

    def _slots_in(self, text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str, int, int], ...]]:
        """The words of a text and its role and level mentions, in order: (kind, id, start, end).
        Cached (`slots_in`): one message asks it several times of the same words."""
        words = [p for t in tokens(text) for p in JOINED.split(t) if p]
        scan = self.ctx.vocab.scan(words, strict=False)
        return tuple(words), tuple((m.term.kind, m.term.id, m.start, m.end) for m in scan.matches)

    def _level_span(self, subject: str) -> bool:
        """Two levels joined as a span ("from junior through to staff")."""
        words, found = self.slots_in(subject)
        levels = [f for f in found if f[0] == "level"]
        return any(a[1] != b[1] and _SPAN & set(words[a[3] : b[2]]) for a, b in itertools.pairwise(levels))

    def levels_apart(self, subject: str) -> list[str]:
        """Levels asked about one by one ("senior + staff MLE bands", "junior, and by mid level?")."""
        if self._level_span(subject):
            return []
        _, found = self.slots_in(subject)
        return list(dict.fromkeys(f[1] for f in found if f[0] == "level"))

    def _contrasted(self, subject: str) -> list[str]:
        """The one role named before a contrast ("MLEs rather than AIEs", "ML, not AI")."""
        words, found = self.slots_in(subject)
        roles = [f for f in found if f[0] == "role"]
        for a, b in itertools.pairwise(roles):
            between = words[a[3] : b[2]]
            if a[1] != b[1] and _CONTRAST & set(between) and len(between) <= 3:
                return [a[1]]
        return []

    def _band_named(self, text: str) -> tuple[str | None, str | None]:
        """The level and the role whose band a text quotes ("£120-165k"), each when only one
        band level (or role) has those figures."""
        quoted = {(int(lo), int(hi)) for lo, hi in _BAND.findall(unify(text))}
        bands = [(b.level, b.role) for b in self.ctx.pack.salary.bands if (b.low, b.high) in quoted]
        levels, roles = {lv for lv, _ in bands}, {r for _, r in bands}
        return (
            next(iter(levels)) if len(levels) == 1 else None,
            next(iter(roles)) if len(roles) == 1 else None,
        )

    def route(self, text: str, frame: Frame | None = None, min_score: float = MIN_SCORE) -> Route:
        frame = frame or self.reader.read(text)
        kind = self.out_of_scope(frame)
        if kind is not None:
            return Route(None, refusal=kind)
        # the topic is read from the subject: the asker's background says nothing of it
        subject = self.reader.read(text).subject
        ranked, coverage, topic = self.rank(subject if subject.strip() else text, frame)
        if topic == 0:  # only role and level words ("staff ai", "ML engineer?")
            only = self._slot_only(text)
            return Route(only) if only else Route(None, refusal="unknown")
        if not ranked:
            return Route(None, refusal="unknown")
        best = ranked[0]
        # a question that names the pack's roles as jobs is in scope: its other words may be
        # slang or asides ("is an MLE basically a PhD job, right?"); otherwise most must be known
        floor = MIN_COVERAGE_ON_ROLE if frame.titled else MIN_COVERAGE
        if topic >= LONG and best.score >= 2 * MIN_SCORE:  # a long message carries asides
            floor = min(floor, MIN_COVERAGE_LONG)
        if best.score < min_score or coverage <= floor:
            return Route(None, refusal="unknown")
        # a name points to one role's answer only when the question names no role itself
        named = [w for w in words_of(text) if w in self.entities and (best.unit.command, w) in self.named_in]
        command = self.fill(best.unit, text, frame)
        if named:  # the role whose answer names it, whatever role the question assumed; levels stay
            role = self.named_in[(best.unit.command, named[0])].split()[-1]
            roles = {r.id for r in self.ctx.pack.roles}
            args = [a for a in command.split()[len(best.unit.command.split()) :] if a not in roles]
            command = " ".join([best.unit.command, *args, role])
        both = any(w in ("both", "each", "either") for w in tokens(text))
        # no role named, or both weighed ("which builds more skill, AIE or MLE?")
        weighed = not frame.roles or (self._either_role(frame) and _WHICH.search(frame.subject) is not None)
        if command == best.unit.command and best.unit.slots == ("role",) and weighed and not both:
            command = self._fitting_role(best.unit, text) or command
        second = next((r for r in ranked[1:] if r.unit.command.split()[0] != command.split()[0]), None)
        runner = None
        if second is not None and second.score >= RUNNER_UP * best.score:
            runner = self.fill(second.unit, text, frame)
        return Route(command, runner)

    @cached_property
    def said_by_role(self) -> dict[str, dict[str, set[str]]]:
        """For each unit that answers per role: the stemmed words only one role's answer
        says. Built on the first question that needs it."""
        out: dict[str, dict[str, set[str]]] = {}
        roles = [r.id for r in self.ctx.pack.roles]
        for unit in self.units:
            if "role" not in unit.slots:
                continue
            said = {
                role: {stem(w) for w in words_of(self._text(run_command(self.ctx, f"{unit.command} {role}")))}
                for role in roles
            }
            out[unit.command] = {
                role: words - set().union(*(said[o] for o in roles if o != role)) - STOPWORDS
                for role, words in said.items()
            }
        return out

    def _fitting_role(self, unit: Unit, text: str) -> str | None:
        """A question that names no role, or asks which of the two, answered for the role
        whose answer alone says what it asks about ("should I learn CUDA?": the ML
        Engineer's skills; "which role ships LLM features fastest?": the AI Engineer's wins)."""
        only = self.said_by_role.get(unit.command, {})
        allowance = Allowance()
        asked = {self.correct(w, allowance) or w for w in words_of(text) if w not in STOPWORDS}
        weight = {role: sum(self.idf.get(w, 1.0) for w in asked & words) for role, words in only.items()}
        ranked = sorted(weight.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] > 0 and ranked[1][1] == 0:
            return f"{unit.command} {ranked[0][0]}"
        return None

    def out_of_scope(self, frame: Frame) -> str | None:
        """Why the question's subject is outside the pack: another role, place or topic."""
        if frame.other_place:
            return "place"
        if frame.other_role:
            return "role"
        if frame.other_topic:
            return "topic"
        return None

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

    def plan(self, text: str) -> Plan:
        """Read the question and decide what answers it: small talk, a refusal, described
        work (`title`), a described choice (`decide`), or up to three topics. Returns what to
        run; `finish` puts the answers together."""
        frame = self.reader.read(text)
        if frame.help and not frame.roles and (frame.smalltalk or frame.chat) is not None:
            return Plan(text, ("help",), how="bare")  # "hey, what can you help me with?"
        if frame.smalltalk is not None:
            return Plan(text, reply=self.small_talk(frame))
        quiet = not (frame.roles or frame.levels)  # no role or level: nothing to answer but the chat
        if frame.chat is not None and quiet and "?" not in text and self.reader.parts(text) == [text]:
            return Plan(text, reply=self.small_talk(replace(frame, smalltalk=frame.chat)))  # "thanks!"
        kind = self.out_of_scope(frame)
        naming = frame.title_request or self._either_role(frame)
        # described work to name comes first: the title the asker holds now is context
        if naming and self._described(frame) >= 2 and kind in (None, "role"):
            return Plan(text, (f"title {text}",), frame)
        if kind == "role" and self._named_here(frame.other_role or ""):
            # a title the content itself talks about ("what happened to prompt engineers?") is
            # answered from it, but never with pay
            route = self.route(text, replace(frame, other_role=None))
            asks_pay = frame.pay or any(stem(w) in self.pay_terms for w in words_of(text))
            if route.command and not route.command.startswith("salary") and not asks_pay:
                return Plan(text, (route.command,), frame)
        if kind is None and frame.pay and self._unknown_employer(frame.subject):
            kind = "company"  # "what does Monzo pay its ML engineers?": no figures for Monzo
        if kind is None and not frame.titled and self._unknown_choice(text):
            kind = "topic"  # "should I learn Rust or Go?": a choice between things never mentioned
        if kind is not None:
            return Plan(text, reply=self.refuse(text, kind))
        if frame.help and not frame.roles:
            return Plan(text, ("help",), how="bare")
        # a described choice, with or without a word for it ("ML eng at a place with nothing
        # shipped vs AI eng at a company that ships"): both roles named as jobs, one side better
        if frame.decision or len(frame.titled) > 1:
            decided = self.decide(frame, sided=not frame.decision)
            if decided is not None:
                return Plan(text, (decided[0],), frame, assumed=decided[1])
            asks_choice = any(_CHOOSE.search(p) for p in self.reader.parts(text))
            if (
                frame.decision
                and len(frame.titled) > 1
                and asks_choice
                and not _OTHER_SIDES.search(frame.text)
            ):
                # "an AI offer at 65k and an ML offer at 58k, which do I take?": nothing the rule
                # reads yet, so its first question, not the salary table
                return Plan(text, ("decide",), frame)
        routes = self.parts(text, frame)
        if not routes:
            route = self.route(text, frame)
            if route.command is None:
                if self._described(frame) >= 2:  # no topic, but work to name
                    return Plan(text, (f"title {text}",), frame)
                if frame.chat is not None and route.refusal == "unknown":  # "thanks, that helped!"
                    return Plan(text, reply=self.small_talk(replace(frame, smalltalk=frame.chat)))
                return Plan(text, reply=self.refuse(text, route.refusal or "unknown"))
            routes = self.apart(route, text)
        if frame.decision and [r.command for r in routes] == ["decide"] and _OTHER_SIDES.search(frame.text):
            # a described choice the decision questions could not read ("offer A pays 10% more,
            # B has the better team") gets the closest answer, never the bare opener
            routes = [self._beside_opener(text, frame) or routes[0]]
        commands = tuple(r.command for r in routes if r.command)
        if len(commands) > 1:
            return Plan(text, commands, frame, how="parts")
        return Plan(text, commands, frame, how="shaped", runner_up=routes[0].runner_up)

    def finish(self, plan: Plan, replies: list[Reply]) -> Reply:
        """The answers to a plan's commands, put together as the plan says: one section each,
        or one answer led by what was asked for; then what the content does not say."""
        if plan.reply is not None:
            return plan.reply
        if plan.how == "bare" or plan.frame is None:
            return replies[0]
        frame, text = plan.frame, plan.text
        if plan.how == "parts":
            return self.noted(combine(replies, "Your questions, one by one"), frame)
        reply = replies[0]
        if plan.assumed:
            reply = with_note(reply, plan.assumed)
        if plan.how != "shaped":
            return self.noted(reply, frame)
        reply = lead_with(reply, [w for w in words_of(text) if w in self.entities or w in self.names])
        allowance = Allowance()  # spelling look-ups stay within the message's share
        corrected = (
            self.correct(w, allowance) for w in words_of(frame.subject or text) if w not in STOPWORDS
        )
        asked = {w for w in corrected if w is not None} - self.slot_words

        def overlap(line: str) -> int:
            # a rare word ("CUDA", in one answer only) counts as much as three common ones
            shared = asked & stems_of(line)
            return sum(3 if self.idf.get(w, 0.0) >= RARE else 1 for w in shared)

        if not (reply.command or "").startswith("decide"):  # its bullets are choices, not facts
            reply = promote(reply, overlap)
        if plan.runner_up:
            label = next((u.label for u in self.units if plan.runner_up.startswith(u.command)), "")
            extra = Action(f"Or: {label}"[:75], plan.runner_up)
            others = tuple(a for a in reply.actions if a.command != extra.command)
            reply = replace(reply, actions=(extra, *others)[:5])
        return self.noted(reply, frame)

    def _band_verdict(self, frame: Frame, reply: Reply) -> str:
        """Whether the one sum a question asks about sits inside the band its answer shows
        (one level, one role); "" when the question does not ask that."""
        reading, pack = self.ctx.pack.reading, self.ctx.pack
        cues = self.reader.band_cues
        words = (reply.command or "").split()
        levels = [w for w in words if w in {lv.id for lv in pack.levels}]
        roles = [w for w in words if w in {r.id for r in pack.roles}]
        sums = {int(m) for m in _SUM.findall(frame.text)}
        if not (cues and cues.search(frame.text)) or len(sums) != 1 or len(levels) != 1 or len(roles) != 1:
            return ""
        band = next((b for b in pack.salary.bands if b.level == levels[0] and b.role == roles[0]), None)
        if band is None:
            return ""
        (value,) = sums
        return (
            reading.in_band
            if band.low <= value <= band.high
            else (reading.below_band if value < band.low else reading.above_band)
        )

    def _names_missing(self, text: str, shown: str) -> str:
        """The first name the question gives (consecutive name words: "jane street") that the
        shown answer never mentions, title-cased; "" when there is none."""
        run: list[str] = []
        for word in [*words_of(text), ""]:
            # (an acronym such as FAIR or SAAS may be an everyday word in a question: "fair")
            if self._employer(word):
                run.append(word)
                continue
            if run and not any(w in shown for w in run):
                return " ".join(w.capitalize() for w in run)
            run = []
        return ""

    def _employer(self, word: str) -> bool:
        """A name the content gives as an employer: one found in the answers about pay or about
        where each role wins ("Jane Street", "Cohere"; not "Python", not "FAIR" as in "fair")."""
        units = self.entities.get(word, ())
        employing = any(u.command in ("wins", "salary") or u in self.pay_units for u in units)
        return employing and not any(c.isdigit() for c in word) and word not in self._acronyms

    def _beside_opener(self, text: str, frame: Frame) -> Route | None:
        subject = frame.subject if frame.subject.strip() else text
        ranked, _, _ = self.rank(subject, frame)
        top = ranked[0].score if ranked else 0.0
        alt = next(
            (r for r in ranked if r.unit.command != "decide" and r.score >= OPENER_ALTERNATIVE * top), None
        )
        return Route(self.fill(alt.unit, text, frame)) if alt is not None else None

    def _unknown_choice(self, text: str) -> bool:
        """A question choosing between two things the content never mentions."""
        for part in self.reader.parts(text):
            for m in _CHOICE.finditer(part.lower()):
                if any(self._foreign(w) for w in m.groups()):
                    return True
        return False

    def _foreign(self, word: str) -> bool:
        s = stem(word)
        known = s in self.idf and s not in self.learned_only
        return (
            not known
            and word not in STOPWORDS
            and not self.is_slot(word)
            and word not in self.ctx.vocab.ignore
        )

    def _unknown_employer(self, text: str) -> str | None:
        """A word after "at", "from", "join"... that the content never uses, in a question
        about pay: a named employer the article gives no figures for."""
        ignore = self.ctx.vocab.ignore
        for m in _EMPLOYER.finditer(text):
            word = m.group(1) or m.group(2)
            if word in _NOT_NAMES or word in STOPWORDS or word in ignore or self.is_slot(word):
                continue
            if len(word) > 2 and self.correct(word) is None and word not in self.reader.home_words:
                return word
        return None

    def _described(self, frame: Frame) -> int:
        """How many marks of described work a message has. A name the content mentions
        ("vLLM or TensorRT: whose job is that?") asks for the fact that names it, not for a
        title, so names do not count."""
        return sum(
            1 for found in frame.work.values() for m in found if not set(words_of(m)) & self.entities.keys()
        )

    @cached_property
    def _said(self) -> str:
        """Every answer's words, stemmed, one line an answer (for `_named_here`)."""
        return " " + " \n ".join(" ".join(stem(w) for w in tokens(u.body)) for u in self.units) + " "

    def _named_here(self, title: str) -> bool:
        """The content itself mentions this job title (as the article mentions Prompt
        Engineers and research scientists)."""
        # "software devs" is how people say the article's "software engineers"
        words = [stem(_SAME_NOUN.get(w, w)) for w in tokens(title)]
        # "titled prompt engineer": the title is the last words, whatever comes before
        return any(
            f" {' '.join(words[i:])} " in self._said for i in range(max(0, len(words) - 2), len(words) - 1)
        )

    def _either_role(self, frame: Frame) -> bool:
        """The message weighs one role against the other ("an ML eng or an AI eng?")."""
        if len(frame.roles) < 2:
            return False
        words = tokens(frame.text)
        return any(w in ("or", "vs", "versus") for w in words)

    def apart(self, route: Route, text: str) -> list[Route]:
        """One route per level when a text asks for several levels one by one ("senior +
        staff MLE bands"); at most three."""
        words = (route.command or "").split()
        unit = next((u for u in self.units if words[: len(u.command.split())] == u.command.split()), None)
        if unit is None or "level" not in unit.slots:
            return [route]
        levels = self.levels_apart(self.reader.read(text).subject)
        if len(levels) < 2:
            return [route]
        known = {lv.id for lv in self.ctx.pack.levels}
        rest = [w for w in words[len(unit.command.split()) :] if w not in known]
        return [Route(" ".join([unit.command, lv, *rest])) for lv in levels[:3]]

    def parts(self, text: str, frame: Frame) -> list[Route]:
        """Routes for each question of a message that asks several, when at least two of
        them are answered and they differ; else none."""
        pieces = self.reader.parts(text)
        if len(pieces) < 2:
            return []
        routes: list[Route] = []
        roles: list[str] = []
        levels: list[str] = []
        for piece in pieces:
            own = self.reader.read(piece)
            if not own.subject.strip(" ,.-!?"):  # only the asker's background: not a question
                continue
            roles, levels = own.roles or roles, own.levels or levels  # "...and the pay for one?"
            both = any(w in ("both", "either", "each") for w in tokens(piece))
            carried = replace(frame, roles=[] if both else roles, levels=levels, pay=own.pay)
            route = self.route(piece, carried, min_score=PART_SCORE)
            for one in self.apart(route, piece):
                if one.command and all(one.command != r.command for r in routes):
                    routes.append(one)
        return routes[:3] if len(routes) > 1 else []

    def noted(self, reply: Reply, frame: Frame) -> Reply:
        """What the content does not say, said plainly after the answer: no computed figure,
        no city figure; entry-level words read as the first band. A pay answer asked about
        London, its premium or another UK place always shows the premium and its caveat."""
        pack = self.ctx.pack
        reading, salary = pack.reading, pack.salary
        notes = []
        shown = self._text(reply)  # the answer's own words, read once for every note below
        pay = any(a.startswith("salary") for a in (*reply.answers, reply.command or ""))
        if frame.compute and pay and reading.compute_note:  # "how did that work out?" is not a sum
            notes.append(reading.compute_note)
        if pay and frame.home_place and reading.place_note and not frame.compute:
            notes.append(reading.place_note)
        premium_words = {w for p in salary.premiums for w in tokens(p.label)}
        if pay and (frame.home_place or premium_words & set(tokens(frame.text))):
            for label in dict.fromkeys(p.label for p in salary.premiums):
                pct = sorted({p.percent for p in salary.premiums if p.label == label})
                if len(pct) == 1 and f"{pct[0]}%" not in shown:
                    notes.append(f"The article gives a {label} of {pct[0]}% for both titles.")
            if salary.caveat and salary.caveat not in shown:
                notes.append(salary.caveat)
        verdict = self._band_verdict(frame, reply) if pay else ""
        if verdict:  # "is 140k in band for a senior AIE?": yes or no first
            notes.insert(0, verdict)
        if pay:  # "what does an AI engineer earn at Jane Street?": a name the pay figures lack
            missing = self._names_missing(frame.text, shown.lower())
            if missing:
                notes.append(
                    f"The article gives no pay figures for {missing}; these are its {salary.region} figures."
                )
        years = {int(y) for y in _YEAR.findall(frame.text)} - {salary.year}
        if pay and years:  # "what will AI engineers earn in 2028?"
            notes.append(f"The article's figures are for {salary.year}; it gives none for other years.")
        if pay and frame.entry and not frame.levels and reading.entry_note:
            notes.append(reading.entry_note)
        # a figure the question states that the content never does ("20% more, right?")
        # (what the asker says of themselves, "I'm on £85k", claims nothing about the roles)
        said = not_about_me(frame.text)
        # a figure put to the bot as a claim ("20% more, right?"), not one the asker only
        # mentions ("a candidate on 130k"), is corrected, without repeating it
        # (checked against what this answer shows: "the premium is 40%?" is wrong here even though
        # 40% appears elsewhere in the article)
        claimed = [f for f in dict.fromkeys(CLAIM.findall(said)) if f.lstrip("£") not in shown.lower()]
        judged = bool(verdict)  # "is £100k fair?" is judged, not corrected
        if claimed and not frame.compute and not judged and any(_PREMISE.search(p) for p in _sentences(said)):
            notes.insert(0, "Not per the article: it gives no such figure. Its own figures are here.")
        return with_note(reply, " ".join(notes)) if notes else reply

    def decide(self, frame: Frame, sided: bool = False) -> tuple[str, str] | None:
        """A described choice ("two offers, the ML team is stronger, the AI one pays 10%
        more") read into the decision questions; what it does not say is assumed and said.
        With `sided` (no word asked for a decision), only a choice that puts one role on the
        better side of some question counts."""
        from rolebot.answers.decide import command_for
        from rolebot.rule import NextQuestion, evaluate

        decision = self.ctx.pack.decision
        answers = self.reader.situation(frame)
        defaults = {q.id: q.default for q in decision.questions}
        # "no idea what I want in five years" is an answer too (the one a question assumes)
        unsure = {q.id: q.assume for q in decision.questions if q.assume is not None}
        if not any(v != defaults.get(k) or v == unsure.get(k) for k, v in answers.items()):
            return None
        roles = {r.id for r in self.ctx.pack.roles}
        if sided and not any(v in roles or v == unsure.get(k) for k, v in answers.items()):
            return None
        if not any(v in roles for v in answers.values()) and _OTHER_SIDES.search(frame.text):
            return None  # "offer A... offer B": sides that are not the roles, so no role wins
        assumed = []
        for _ in decision.questions:
            outcome = evaluate(decision, answers)
            if not isinstance(outcome, NextQuestion) or outcome.question.assume is None:
                break
            q = outcome.question
            answers[q.id] = str(q.assume)
            label = next(o.label for o in q.options if o.id == q.assume)
            assumed.append(f"{q.prompt.lstrip('0123456789. ')} {label}")
        note = "Where you didn't say, I assumed: " + "; ".join(assumed) + "." if assumed else ""
        return command_for(answers), note

    def small_talk(self, frame: Frame) -> Reply:
        talk = frame.smalltalk
        assert talk is not None
        starters = [c for c in (self.ctx.registry.find(n) for n in ("compare", "salary", "decide")) if c]
        return Reply(
            title=talk.reply,
            actions=tuple(Action(c.summary[:75], c.name) for c in starters),
            source=self.ctx.source_line,
            colours=self.ctx.colours,
            answers=("smalltalk",),
        )

    def refuse(self, text: str, kind: str) -> Reply:
        pack = self.ctx.pack
        title, why = {
            "role": ("That role isn't covered here", ""),
            "place": (
                "Only one region is covered",
                f"My figures and advice are for the {pack.salary.region} only.",
            ),
            "company": ("No figures for that employer", "The article gives no figures for that employer."),
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
