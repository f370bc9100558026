"""Reading a plain question before it is routed: what it is about and what is only context.

A `Frame` says, from the pack's `reading` words (content, never Python):
- the subject: the pack's roles and levels named outside the asker's own background ("I'm a
  data engineer in Manchester, what do senior MLEs earn?" is about senior ML Engineers);
- another role as the subject (any job title that is not one of the pack's roles, however
  close), another place, or small talk;
- the kind of request: pay in slang, a figure to compute that the content does not give,
  entry-level words, described work to name (`title`), or a described choice (`decide`);
- the parts of a message that asks several things.
Pure and bounded: every pattern is one compiled regular expression over capped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from rolebot.content.models import Pack, SmallTalk
from rolebot.limits import MAX_READ_CHARS
from rolebot.vocab import Scan, Vocabulary
from rolebot.words import normalize, tokens

_EDGE_L, _EDGE_R = r"(?<![a-z0-9])", r"(?![a-z0-9])"
_CLAUSE = re.compile(r"[.,;:!?()\[\]\n]| - | but | and | while | whereas | though | although | so ")
_SIDES = re.compile(_CLAUSE.pattern + r"| vs | versus | or ")
_WH = r"(?=(?:what|whats|what's|how|hows|how's|which|is|are|do|does|should|can|could|will|would|who|why)\b)"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?\n]+|$)")
_PARTS = re.compile(
    r"\s\+\s|;\s*|\s(?:\d\)|\(\d\))\s*|(?:,\s*|\s)(?:and|also|plus|&)\s+" + _WH + r"|,\s*" + _WH
)
_ASKS = re.compile(
    r"^\W*(?:\d\)\s*)?(?:what|whats|what's|how|hows|how's|which|who|whose|why|when|where|is|are|do|does|did|"
    r"should|can|could|will|would|any|pls|please|tell|explain|eli5|tl;dr|tldr|give)\b"
)
_ANAPHOR = re.compile(  # a question about what the sentence already named: one question with it
    r"^\W*(?:how|what|why|is|was|does|did|do|would|will|can|could|has)\s+"
    r"(?:(?:did|does|do|is|was|would|will|has)\s+)?(?:that|this|those)\b"
)
# one title likened to another: "X vs an ML engineer", "is X basically an ML engineer"
_LIKENED = re.compile(
    r"\b(?:vs|versus)\b|\bbasically (?:just )?an?\b|\bsame (?:thing |job )?as\b|\bdifference between\b"
    r"|\b(?:is|are) (?:basically |really |just |only )+"
)
_EITHER = re.compile(r"^\W*([a-z][\w&.]*) or ([a-z][\w&.]*)\b")
_DESTINATION = re.compile(r"\b(?:into|to|towards|become|becoming|switch to|move to)\s+(?:an?\s+)?$")
_ORIGIN = re.compile(r"\b(?:from|ex|former|formerly|leaving|left|quit|quitting)\s+(?:an?\s+|my\s+|the\s+)?$")
_PAIR = re.compile(
    r"\b(?:which one|which of the two|the two|either one|either of them|both roles|these roles|which title|"
    r"which role|which of them|one or the other)\b"
)
# words before "here" that make it a place, not an asker ("used for here", "the pay like here")
_NOT_ASKER = frozenset(
    "for in to at from with on of about like up out work working live living move moving get be is are "
    "was it them paid pay earn make".split()
)
# "what do mid-level people make?", "how much does a junior AIE take home": pay in plain verbs
_MAKES = re.compile(
    r"\b(?:what|how much)\b(?:\s+[\w'-]+){1,6}?\s+(?:make|makes|making|earn|earns|earning|take home|"
    r"pull in|bring in|get paid|on)\s*"
    r"(?:[?.!,]|$|\s+(?:a year|per year|annually|in|at|these days|now|today|nowadays)\b)"
)
JOINED = re.compile(r"[/-]")  # "ai/ml", "principal-level"
# a sum of money: "£55k", or "95k" on its own ("50k conversations a day" counts something else)
_MONEY = re.compile(
    r"£\s?\d|(?<![\w.])\d{2,3}(?:\.\d)?k(?![\w-])(?!\s+(?:conversations|users|requests|docs|documents|tokens|rows|"
    r"messages|calls|queries|visitors|customers|downloads|lines|params|parameters|words|views|followers|records|"
    r"samples|examples|images|steps|chats|tickets)\b)"
)
_MODIFIER = re.compile(r"\b(?:a|an|my|our|their|his|her|your)\s+$")
_LISTED = re.compile(r"\s\+\s|(?:^|\s)(?:\d\)|\(\d\))\s*")
_MAX_PARTS = 3


_WORD = re.compile(r"[a-z0-9£%$]+(?:'[a-z0-9]+)?")
_MAX_READ = 120  # words of one message the reader looks at


@dataclass(frozen=True, slots=True)
class Hit:
    begin: int
    finish: int
    text: str

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words with where they stand, read once and matched by every phrase set."""

    text: str
    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        found = list(islice(_WORD.finditer(text), _MAX_READ))
        # a possessive is its noun: "a senior PM's salary" names a PM
        words = tuple(w[:-2] if w.endswith("'s") else w for w in (m.group() for m in found))
        return cls(text, tuple(m.span() for m in found), words)


class PhraseSet:
    """Whole-word phrases found in text by their words, not by a regular expression with
    hundreds of alternatives: the cost is one dictionary look-up per word of the text. A
    plural ("nurses", "offers") matches its singular; hyphens and spaces are alike."""

    def __init__(self, words: Iterable[str]) -> None:
        self.first: dict[str, list[tuple[str, ...]]] = {}
        for w in words:
            key = tuple(_WORD.findall(normalize(w)))
            if not key:
                continue
            for variant in (key, (*key[:-1], key[-1] + "s"), (*key[:-1], key[-1] + "es")):
                self.first.setdefault(variant[0], []).append(variant)
        for options in self.first.values():
            options.sort(key=len, reverse=True)

    def finditer(self, text: str | Words) -> Iterator[Hit]:
        read = text if isinstance(text, Words) else Words.of(text)
        words, spans, first = read.words, read.spans, self.first
        i = 0
        while i < len(words):
            for phrase in first.get(words[i], ()):
                if words[i : i + len(phrase)] == phrase:
                    start, end = spans[i][0], spans[i + len(phrase) - 1][1]
                    yield Hit(start, end, read.text[start:end])
                    i += len(phrase) - 1
                    break
            i += 1

    def search(self, text: str | Words) -> Hit | None:
        return next(self.finditer(text), None)

    def sub(self, repl: str, text: str) -> str:
        out, last = [], 0
        for hit in self.finditer(text):
            out += [text[last : hit.begin], repl]
            last = hit.finish
        return "".join(out) + text[last:]


def phrases(words: Iterable[str]) -> PhraseSet | None:
    found = PhraseSet(words)
    return found if found.first else None


@dataclass
class Frame:
    text: str  # normalised
    subject: str  # the text with the asker's own background blanked out
    roles: list[str] = field(default_factory=list)  # the pack's roles named in the subject
    titled: list[str] = field(default_factory=list)  # ...named as a job ("AI engineer", not "AI team")
    levels: list[str] = field(default_factory=list)
    other_role: str | None = None  # another job title as the subject
    other_place: str | None = None
    other_topic: str | None = None
    smalltalk: SmallTalk | None = None  # the whole message is small talk
    chat: SmallTalk | None = None  # small talk somewhere in a longer message
    home_place: bool = False
    compute: bool = False
    entry: bool = False
    pay: bool = False
    title_request: bool = False
    help: bool = False
    decision: bool = False
    work: dict[str, list[str]] = field(default_factory=dict)  # role -> work markers named


class Reader:
    def __init__(self, pack: Pack, vocab: Vocabulary) -> None:
        self.pack, self.vocab = pack, vocab
        r = pack.reading
        self.self_markers = phrases(m for m in r.self_markers if m != "here")
        self.false_friends = phrases(r.false_friends)
        self.here = "here" in r.self_markers
        # one or two words before a title noun: "data engineer", "site reliability engineer"
        self.nouns = {normalize(n) for n in r.title_nouns}
        self.other_titles = phrases(r.other_titles)
        self.askers = phrases(r.asker_titles)
        self.lead_titles = {normalize(t) for t in r.other_titles if " " not in t}
        self.generic = {normalize(w) for w in (*pack.ignore, *_LEVEL_WORDS(pack))}
        places = [p for p in pack.scope.other_places if p != p.upper()]
        self.places = phrases(places)
        upper = [p for p in pack.scope.other_places if p == p.upper() and p.isalpha()]
        self.upper_places = re.compile(r"\b(?:" + "|".join(upper) + r")\b") if upper else None
        self.topics = phrases(pack.scope.other_topics)
        self.home = phrases(r.home_places)
        self.home_words = {w for p in r.home_places for w in _WORD.findall(normalize(p))}
        self.compute = phrases(c for c in r.compute if c != "$")
        self.dollar = "$" in r.compute
        self.entry = phrases(r.entry_words)
        self.pay = phrases(r.pay_phrases)
        self.band_cues = phrases(r.band_check_cues)
        self.title_cues = phrases(r.title_cues)
        self.help_cues = phrases(r.help_cues)
        self.jobby = {normalize(n) for n in r.title_nouns} | _JOB_WORDS
        self.acronyms = {
            normalize(a)
            for role in pack.roles
            for a in role.aliases
            if " " not in a and a.isalpha() and len(a) > 2
        }
        self.decision_cues = phrases(r.decision_cues)
        self.how_to, self.opinion = phrases(r.how_to_cues), phrases(r.opinion_cues)
        self.career = phrases(r.career_words)
        self.better, self.worse = phrases(r.better), phrases(r.worse)
        self.small = [(phrases(s.phrases), s) for s in r.smalltalk]
        # what marks each role's work: the reading's markers, then the profile's own signals
        # and skills (so a pack without markers still classifies work)
        markers: dict[str, list[str]] = {role.id: [] for role in pack.roles}
        for w in r.work:
            markers.setdefault(w.role, []).extend(w.markers)
        for rid, profile in pack.profiles.items():
            markers.setdefault(rid, []).extend((*profile.signals, *profile.skills.items))
        self.work = [(rid, phrases(found)) for rid, found in markers.items()]
        self.cues = {
            q.id: (phrases(q.cues), [(o.id, phrases(o.cues)) for o in q.options if o.cues])
            for q in pack.decision.questions
        }
        self.sides = {q.id: (phrases(q.better), phrases(q.worse)) for q in pack.decision.questions}
        self.read = lru_cache(maxsize=1024)(self._read)
        self.parts = lru_cache(maxsize=1024)(self._parts)  # read several times per message
        self._blank_self = lru_cache(maxsize=1024)(self._blank)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        for key in ("read", "parts", "_blank_self", "pack", "vocab"):  # bound to this process's pack
            state.pop(key, None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def attach(self, pack: Pack, vocab: Vocabulary) -> None:
        self.pack, self.vocab = pack, vocab
        self.read = lru_cache(maxsize=1024)(self._read)
        self.parts = lru_cache(maxsize=1024)(self._parts)  # read several times per message
        self._blank_self = lru_cache(maxsize=1024)(self._blank)

    # --- the asker's own background ---------------------------------------------------------

    def _blank(self, text: str) -> str:
        """The text with the asker's own background ("I'm a data engineer", "SRE here")
        blanked out, clause by clause, and words that only look like levels ("a mid-size
        firm")."""
        if self.false_friends is not None:
            text = self.false_friends.sub(" ", text)
        out = text
        lead = Words.of(text[:80])
        for i, w in enumerate(lead.words[:3]):  # "hiring manager at a fintech, ..." opens with the asker
            if lead.words[0] in _ASKING:  # "can a data analyst...?" asks about one
                break
            if (i and w in self.nouns) or w in self.lead_titles:  # "CTO of a startup. ..." too
                after = lead.words[i + 1] if i + 1 < len(lead.words) else ""
                end = lead.spans[i][1]
                if after in _OPENERS or text[end : end + 1] == ",":
                    stop = _clause_end(text, end)
                    if not self._ours(text[:stop]):
                        out = " " * stop + out[stop:]
                break
        if self.self_markers is not None:
            for m in self.self_markers.finditer(text):
                end = _clause_end(text, m.end())
                if not self._ours(text[m.start() : end]):  # "I'm a senior MLE" is the subject
                    out = out[: m.start()] + " " * (end - m.start()) + out[end:]
        if self.here:
            for here in re.finditer(_EDGE_L + r"here" + _EDGE_R, out):
                if _PLACE_WORD.search(out[: here.start()]):  # "the path from here" is no asker
                    continue
                start = _clause_start(out, here.start())
                asker = out[start : here.start()]
                # "sre here", not "what are W&B and Ray used for here?" (a question, not a title)
                last = asker.split()[-1:]
                plain = not _ASKS.search(asker) and not (last and last[0] in _NOT_ASKER)
                if here.start() - start <= 40 and not self._ours(asker) and plain:
                    out = out[:start] + " " * (here.end() - start) + out[here.end() :]
        return out

    def _ours(self, span: str) -> bool:
        return bool(self._titled(tokens(span)))

    def _titled(self, words: list[str], scan: Scan | None = None) -> list[str]:
        """The pack's roles named as a job: "ML engineer", "MLE", "AI roles" (not "AI team")."""
        out: list[str] = []
        for m in (scan or self.vocab.scan(words, strict=False)).matches:
            if m.term.kind != "role":
                continue
            span = set(words[m.start : m.end + 1])
            if (span & self.jobby or (m.end - m.start == 1 and words[m.start] in self.acronyms)) and (
                m.term.id not in out
            ):
                out.append(m.term.id)
        return out

    # --- reading ----------------------------------------------------------------------------

    def _read(self, raw: str) -> Frame:
        text = normalize(raw[:MAX_READ_CHARS])
        subject = self._blank_self(text)
        whole, own = Words.of(text), Words.of(subject)
        # "ai/ml" names both; "principal-level" names a level
        said = [p for t in tokens(subject) for p in JOINED.split(t) if p]
        scan = self.vocab.scan(said, strict=False)
        frame = Frame(text, subject, roles=scan.ids("role"), levels=scan.ids("level"))
        frame.titled = self._titled(said, scan)
        # a title in the asker's statements about themselves ("most of my experience is web
        # dev") is background, not the subject
        frame.other_role = self._other_role(Words.of(not_about_me(subject)), bool(frame.titled))
        hiring = bool(_HIRING & set(own.words))  # "which role do I hire?"
        # "which of the two is the gentler ramp?" asks about the pack's pair without naming it
        pair = bool(_PAIR.search(text))
        if frame.other_role is None and not frame.roles and not hiring and not pair:
            # "I'm a UX designer: which tools should I learn?" and "applied scientist at Amazon,
            # what's the pay like?" name no role of the pack: the title they name is the subject,
            # unless it is one that asks for others ("recruiter here, senior band?")
            found = self._other_role(Words.of(text), False)
            if found is not None:
                frame.other_role = found
        if frame.other_role is None and frame.titled:
            # "is a data scientist basically an ML engineer?": another title compared with one
            # of the pack's, right beside the comparison (the content never makes it)
            for m in _LIKENED.finditer(subject):
                near = " ".join(
                    [*subject[: m.start()].split()[-4:], m.group(), *subject[m.end() :].split()[:4]]
                )
                frame.other_role = self._other_role(Words.of(near), False, nouns_only=True)
                if frame.other_role:
                    break
        if frame.other_role is None and frame.titled:
            # "what's a senior data scientist on? (I know you're for ML/AI eng)": the sentence
            # that asks is about another title, whatever the rest says
            for piece in self.parts(text):
                asked = Words.of(self._blank_self(normalize(piece)))  # the asker's own title is context
                at = text.find(piece)
                marked = at >= 0 and text[at + len(piece) :].lstrip(" )").startswith("?")
                asks = marked or _ASKS.search(piece) is not None  # a question, not an aside
                if piece != text and asks and not self._titled(list(asked.words)):
                    frame.other_role = self._other_role(asked, False)
                    if frame.other_role:
                        break
        pivot = self.cues.get("path", (None, []))[1]
        if frame.other_role:
            # "backend dev for 7 years, how do I get into AI?": the other title is where they
            # start when it comes before the move ("...not moving into ML, what do platform
            # engineers earn?" still asks about platform engineers)
            at = text.find(frame.other_role)
            moves = [
                h.start() for oid, p in pivot if oid != "offers" and p is not None for h in p.finditer(whole)
            ]
            destination = bool(_DESTINATION.search(text[max(0, at - 24) : at]))  # "going into PM"
            origin = bool(_ORIGIN.search(text[max(0, at - 24) : at]))  # "pivoting from SWE"
            # a move named after the title (not the title itself, which a move cue may also be)
            title_end = at + len(frame.other_role)
            if (any(m >= title_end for m in moves) and not destination) or origin:
                frame.other_role = None
        place = self.places.search(own) if self.places is not None else None
        upper = self.upper_places.search(raw[:MAX_READ_CHARS]) if self.upper_places is not None else None
        if upper is not None and self.compute is not None:  # "US dollars" is a currency, not a place
            after = raw[upper.end() : upper.end() + 12].lower().split()
            if after and self.compute.search(after[0]):
                upper = None
        if upper is not None and _MODIFIER.search(raw[max(0, upper.start() - 8) : upper.start()].lower()):
            upper = None  # "a US offer", "my US client": where something comes from, not where the job is
        frame.other_place = (
            place.group() if place is not None else upper.group() if upper is not None else None
        )
        # what the message asks or requests, without the asker's statements about themselves
        # ("I have a mortgage, so..."): those are context, unless the question itself is too
        # vague to have a topic ("my training loss goes NaN. any idea what to check?")
        topic = (
            self.topics.search(Words.of(self._topical(text, subject))) if self.topics is not None else None
        )
        if topic is not None:  # "visas for ML engineers" is about visas
            frame.other_topic = topic.group()
        elif not frame.titled and not frame.levels:
            frame.other_topic = self._engineering_help(text)
        frame.home_place = bool(self.home and self.home.search(whole))
        frame.compute = bool(self.compute and self.compute.search(whole)) or (self.dollar and "$" in raw)
        frame.entry = bool(self.entry and self.entry.search(own))
        # pay named in words, or a sum of money ("£55k for a junior, is that decent?")
        frame.pay = bool(self.pay and self.pay.search(own)) or bool(
            _MONEY.search(subject) or _MAKES.search(subject)
        )
        frame.title_request = bool(self.title_cues and self.title_cues.search(whole))
        frame.help = bool(self.help_cues and self.help_cues.search(whole))
        frame.decision = bool(self.decision_cues and self.decision_cues.search(whole))
        for role, markers in self.work:
            if markers is not None:
                # "we're not training anything" marks no training
                marks = sorted({m.group() for m in markers.finditer(whole) if not _negated(text, m.start())})
                if marks:
                    frame.work[role] = marks
        if len(whole.words) <= 8:
            frame.smalltalk = self._smalltalk(text)
        frame.chat = frame.smalltalk or next(
            (talk for found, talk in self.small if found is not None and found.search(whole)), None
        )
        return frame

    def _other_role(self, subject: Words, ours: bool, nouns_only: bool = False) -> str | None:
        """A job title in the subject that is not one of the pack's roles, when the question
        names none of the pack's roles: a title word ("engineer", "scientist") after one or
        two words that are not generic ("data engineer", not "senior engineer")."""
        if ours:
            return None
        words = subject.words
        for i, w in enumerate(words):
            if i and w in self.nouns:
                before = [
                    x for x in words[max(0, i - 2) : i] if x not in self.generic and x not in _DETERMINERS
                ]
                if before and words[i - 1] not in self.generic and words[i - 1] not in _DETERMINERS:
                    title = " ".join((*before, w))
                    if not self._asks_for_others(title) and not self._titled(title.split()):
                        return title
        if nouns_only:  # "the split is just marketing" names no job
            return None
        for found in self.other_titles.finditer(subject) if self.other_titles is not None else ():
            if not self._asks_for_others(found.group()):
                return found.group()
        return None

    def _asks_for_others(self, title: str) -> bool:
        """A recruiter or a hiring manager asks about the pack's roles, not about their own."""
        return self.askers is not None and self.askers.search(title) is not None

    def _topical(self, text: str, subject: str) -> str:
        """The part of the subject whose topic counts: without the asker's own statements when
        the sentences that ask have a topic of their own (a career word, a role, a level)."""
        asked = Words.of(" . ".join(self.parts(text)))
        own_topic = (self.career is not None and self.career.search(asked) is not None) or bool(
            self.vocab.scan(list(asked.words), strict=False).matches
        )
        if not own_topic:
            return subject
        asked_only = self.parts(text)
        if asked_only == [text]:  # nothing asks: every sentence is the request
            return not_about_me(subject)
        return self._blank_self(normalize(" . ".join(asked_only)))

    def _engineering_help(self, text: str) -> str | None:
        """A sentence that asks how to do something technical, or which tool is best, with no
        career word in it: engineering help ("how does paged attention work under the hood?",
        "is Claude better than GPT-4 for code?"), not a question about the roles."""
        for part in self.parts(text):
            asked = Words.of(self._blank_self(normalize(part)))
            either = _EITHER.match(asked.text)  # "pinecone or weaviate for a RAG project?"
            if either and not self.vocab.scan(list(either.groups()), strict=False).matches:
                career = self.career is not None and self.career.search(asked) is not None
                if not career and not self._titled(list(asked.words)):
                    return either.group().strip()
            for cues in (self.how_to, self.opinion):
                hit = cues.search(asked) if cues is not None else None
                career = self.career is not None and self.career.search(asked) is not None
                # "AI masters" names no job title, so the roles are not the subject there
                if hit is not None and not career and not self._titled(list(asked.words)):
                    return hit.group()
        return None

    def _smalltalk(self, text: str) -> SmallTalk | None:
        """Small talk when the message is nothing else: a few words, all of them small talk,
        punctuation and emoji."""
        words = tokens(text)
        if not words or len(words) > 8:
            return None
        for pattern, talk in self.small:
            if pattern is None:
                continue
            rest = pattern.sub(" ", text)
            left = [w for w in tokens(rest) if w not in _FILLER and w != "rolebot"]
            if len(left) < len(words) and not left:
                return talk
        return None

    # --- parts of a message -----------------------------------------------------------------

    def _parts(self, text: str) -> list[str]:
        """The questions of a message, up to three ("pay for a junior AIE, and what's the
        week like?"): sentences that ask (a "?" or a question word first), split again at
        "+", ";", numbers and "and what/how...". Statements around them are context, not
        questions. A message with no such sentence is one question."""
        asked: list[str] = []
        for m in _SENTENCE.finditer(normalize(text[:MAX_READ_CHARS])):
            sentence = m.group()
            # "candidates keep asking whether..." asks too
            question = sentence.rstrip().endswith("?") or bool(
                _ASKS.match(sentence) or _EMBEDDED.search(sentence)
            )
            pieces = [p.strip(" ,.-?!") for p in _PARTS.split(sentence)]
            # "junior band for both + what skills should a junior have": a "+" or a number
            # joins questions, so when one piece asks, they all do
            listed = bool(_LISTED.search(sentence)) and (question or any(_ASKS.match(p) for p in pieces))
            for i, piece in enumerate(pieces):
                # "mle day-to-day + skills?": a listed piece may be one word
                if (len(tokens(piece)) >= 2 or (listed and tokens(piece))) and (
                    question or listed or _ASKS.match(piece)
                ):
                    if i and asked and _ANAPHOR.match(piece):  # "..., how did that work out?"
                        asked[-1] = f"{asked[-1]}, {piece}"
                    else:
                        asked.append(piece)
        return asked[:_MAX_PARTS] or [text]

    # --- described work ------------------------------------------------------------------------

    def classify(self, frame: Frame) -> tuple[str, dict[str, list[str]]]:
        """ "ml", "ai" or "mixed" for described work, with the markers found per role."""
        counts = {role: len(found) for role, found in frame.work.items()}
        if not counts:
            return "", {}
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] * 2 >= ranked[0][1]:
            return "mixed", frame.work
        return ranked[0][0], frame.work

    # --- a described choice -------------------------------------------------------------------

    def situation(self, frame: Frame) -> dict[str, str]:
        """Answers to the decision questions read from a described choice: which side has
        the better team, company or pay; what work the asker wants; offers or a pivot."""
        answers: dict[str, str] = {}
        decision = self.pack.decision
        roles = [r.id for r in self.pack.roles]
        for q in decision.questions:
            cue, option_cues = self.cues[q.id]
            hits = [oid for oid, p in option_cues if p is not None and p.search(frame.text)]
            if hits:
                # "no idea if I want to train models or build products" weighs the options:
                # the answer is the one the question assumes when unsure
                unsure = len(hits) > 1 and q.assume in hits
                answers[q.id] = str(q.assume) if unsure else hits[0]
                continue
            if not {o.id for o in q.options} >= set(roles):
                continue
            good_side, bad_side = self.sides[q.id]
            for clause in _SIDES.split(frame.text):
                named = self._titled(tokens(clause))  # "an AI eng at..." is a side; "AI products" is not
                if len(named) != 1:
                    continue
                # phrases that say it alone ("has shipped"), or a cue with a better/worse word
                good = bool(good_side and good_side.search(clause))
                bad = bool(bad_side and bad_side.search(clause))
                if cue is not None and cue.search(clause) and not (good or bad):
                    good = bool(self.better and self.better.search(cue.sub(" ", clause)))
                    bad = bool(self.worse and self.worse.search(clause))
                if good != bad:
                    other = next(r for r in roles if r != named[0])
                    answers[q.id] = named[0] if good else other
                    break
        return answers


_DETERMINERS = frozenset(
    "a an the this that my our your their his her its any some one every each no".split()
)


def _LEVEL_WORDS(pack: Pack) -> list[str]:
    words = [lv.id for lv in pack.levels] + [a for lv in pack.levels for a in lv.aliases]
    return words + "new good great best first real proper typical normal senior junior lead head".split()


_OPENERS = frozenset("at in with here from of for by".split())
_ASKING = frozenset(
    "can could what whats how is are do does should would will why which who when where".split()
)
_JOB_WORDS = frozenset(
    "eng engs engineering role roles job jobs title titles position positions hire hires hiring candidate "
    "candidates".split()
)
_FILLER = frozenset("a an the all you so much very really just lol guys everyone folks team bot mate".split())


_WONDER = re.compile(r"\b(?:want to know|like to know|need to know|wondering|wonder|curious)\b")
_PLACE_WORD = re.compile(r"\b(?:from|to|into|over|around|near|up|out of|get|got|getting)\s+$")
_EMBEDDED = re.compile(
    r"\b(?:whether|wonder(?:ing)? if|ask(?:ing|ed|s)? (?:me |us |you |them )?if|know if)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|without|nothing|don't|dont|doesn't|doesnt|isn't|isnt|aren't|arent|won't|wont)\b"
)
_HIRING = frozenset("hire hiring hires advertise advertising".split())


def _negated(text: str, at: int) -> bool:
    """A negation among the three words before `at` ("not training anything")."""
    before = text[max(0, at - 30) : at].split()[-3:]
    return bool(_NEGATION.search(" ".join(before)))


_ABOUT_ME = re.compile(r"^\W*(?:i|i'm|im|i've|ive|i'd|my)\b")


@lru_cache(maxsize=1024)
def not_about_me(text: str) -> str:
    """The text without its first-person statements (a sentence that starts "I..." or "my..."
    and does not ask)."""
    sentences = (m.group() for m in _SENTENCE.finditer(text))
    return " ".join(
        s for s in sentences if s.rstrip().endswith("?") or not _ABOUT_ME.match(s) or _WONDER.search(s)
    )


def _clause_end(text: str, start: int) -> int:
    m = _CLAUSE.search(text, start)
    end = m.start() if m else len(text)
    return min(end, start + 60)


def _clause_start(text: str, end: int) -> int:
    best = 0
    for m in _CLAUSE.finditer(text, 0, end):
        best = m.end()
    return best
