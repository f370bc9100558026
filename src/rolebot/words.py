"""Text utilities shared by the parser, the vocabulary and the router: normalising,
tokenising and edit distance. Pure functions, standard library only."""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from zlib import crc32

from rolebot.limits import MAX_INPUT_CHARS, MAX_TYPO_LOOKUPS, MAX_WORDS

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_TOKEN = re.compile(r"[a-z0-9£%]+(?:[-/'.][a-z0-9£%]+)*")
_MENTION = re.compile(r"<[@!#][^>\s]{0,80}>|@(?:everyone|here|channel)\b")


_PIECE = re.compile(r"\S{1,64}\s*|\s+")


def nfkc(text: str) -> str:
    """NFKC of `text`, at most `MAX_INPUT_CHARS` long. Normalising can lengthen text a lot
    (one character can become eighteen), so it is done a word at a time and stops as soon as
    the limit is reached: the cost is bounded by the limit, not by the expansion."""
    if text.isascii():
        return text[:MAX_INPUT_CHARS]
    out: list[str] = []
    size = 0
    for piece in _PIECE.finditer(text[:MAX_INPUT_CHARS]):
        part = unicodedata.normalize("NFKC", piece.group())
        out.append(part)
        size += len(part)
        if size >= MAX_INPUT_CHARS:
            break
    return "".join(out)[:MAX_INPUT_CHARS]


@lru_cache(maxsize=512)  # one message is read by several layers: clean it once
def clean(text: str) -> str:
    """Unicode-normalise, drop control and zero-width characters, fold quotes and dashes."""
    text = nfkc(text).translate(_QUOTES)
    return _CONTROL.sub("", text)


_ACCENTS = re.compile("[\u0300-\u036f]+")  # combining diacritical marks


@lru_cache(maxsize=512)
def normalize(text: str) -> str:
    """Lower-case cleaned text with runs of white space folded and accents dropped
    ("sénior" is "senior")."""
    text = clean(text).lower()
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFD", text))
    return " ".join(text.split())


def strip_mentions(text: str) -> str:
    """Remove Slack/Discord mention tokens (`<@U1>`, `<!here>`, `@everyone`)."""
    return _MENTION.sub(" ", text)


def tokens(text: str, limit: int = MAX_WORDS) -> list[str]:
    """Word tokens of `text`, lower-cased; hyphen, slash and apostrophe compounds kept whole.
    At most `limit` of them: the rest of a very long message is not read."""
    return list(_tokens(text, limit))


@lru_cache(maxsize=8192)  # one message's words are read several times; content lines recur
def _tokens(text: str, limit: int) -> tuple[str, ...]:
    found = _TOKEN.finditer(normalize(text).replace("'s ", " "))
    return tuple(m.group() for m in islice(found, limit))


def distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment edit distance (a transposition counts as one edit).

    Returns `limit + 1` as soon as the distance is known to exceed `limit` (a row of the
    table whose every cell exceeds it). Written with plain comparisons: it runs for every
    known word near a typed one, so it is on the path of every mistyped command."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    pa = ""  # a[i - 2]
    for i in range(1, la + 1):
        ca = a[i - 1]
        cur = [i] * (lb + 1)
        best = i
        left = i  # cur[j - 1]
        pb = ""  # b[j - 2]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            v = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if left + 1 < v:
                v = left + 1
            if ca == pb and pa == cb and i > 1 and j > 1 and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            cur[j] = left = v
            if v < best:
                best = v
            pb = cb
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
        pa = ca
    return prev[lb]


def typo_budget(word: str, *, strict: bool = False) -> int:
    """How many edits a typo of `word` may contain and still be read as `word`.

    `strict` is for open vocabularies (free text), where a short word is more likely a
    different real word than a typo ("joke" is not "job")."""
    n = len(word)
    if n <= (4 if strict else 2):
        return 0
    if n <= (7 if strict else 5):
        return 1
    return 2


class Allowance:
    """How many spelling look-ups one message may still start (`MAX_TYPO_LOOKUPS`)."""

    __slots__ = ("left",)

    def __init__(self, lookups: int = MAX_TYPO_LOOKUPS) -> None:
        self.left = lookups

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _subsequence(short: str, long: str) -> bool:
    """`short` is `long` with some characters deleted."""
    chars = iter(long)
    return all(c in chars for c in short)


class TypoIndex:
    """Finds the known words within a few edits of a word without comparing it to every
    known word (symmetric-delete lookup), so the cost stays flat as the vocabulary grows.

    The cost of one look-up is bounded by the longest known word, not by the word asked
    about: a word longer than any known word plus the budget cannot be a typo of one and is
    not looked up at all. Results are cached (bounded), and a cache hit is free; a miss
    spends one unit of the message's `Allowance`.

    The deletes are kept compact, as two flat arrays sorted by a CRC-32 of each delete (the
    delete's own text is not kept) with a table of where each hash prefix starts: about 8
    bytes a delete, where a dict of sets took over 300, and it pickles as plain bytes, so a
    cached router brings its index with it. A hash match is confirmed by checking that the
    delete really is one of the word's (a subsequence, short enough), so the words found are
    exactly those whose deletes meet the typed word's."""

    CACHE = 8192

    def __init__(self, words: Iterable[str], max_budget: int = 2) -> None:
        self.max_budget = max_budget
        self.words = list(words)
        self.shortest = min(map(len, self.words), default=0)
        self.longest = max(map(len, self.words), default=0)
        self._keys = array("I")  # CRC-32 of each delete, sorted
        self._ids = array("I")  # the word each delete comes from
        self._starts: array[int] | None = None  # where each hash prefix starts in _keys
        self._shift = 32
        self._cache: dict[tuple[str, int], list[tuple[int, str]]] = {}
        self.build()

    def depth(self, word: str) -> int:
        """How many deletes of a known word are indexed: short words take one typo."""
        return self.max_budget if len(word) >= 6 else min(self.max_budget, 1)

    @property
    def built(self) -> bool:
        return self._starts is not None

    def build(self) -> TypoIndex:
        """The index, built once (a no-op when built, or unpickled built)."""
        if self._starts is not None:
            return self
        entries = sorted(
            (crc32(d.encode()) << 32) | i
            for i, w in enumerate(self.words)
            for d in _deletes(w, self.depth(w))
        )
        bits = max(4, min(20, (len(entries) // 4).bit_length()))  # about four deletes a prefix
        self._shift = 32 - bits
        self._keys = array("I", (e >> 32 for e in entries))
        self._ids = array("I", (e & 0xFFFFFFFF for e in entries))
        starts = array("I", bytes(4 * ((1 << bits) + 1)))
        for key in self._keys:
            starts[(key >> self._shift) + 1] += 1
        for b in range(1 << bits):
            starts[b + 1] += starts[b]
        self._starts = starts
        return self

    def _found(self, delete: str) -> Iterator[str]:
        """The known words one of whose deletes is `delete`."""
        assert self._starts is not None
        h = crc32(delete.encode())
        b = h >> self._shift
        lo, hi = self._starts[b], self._starts[b + 1]
        keys, ids, words = self._keys, self._ids, self.words
        if lo == hi or h not in keys[lo:hi]:  # most deletes are no known word's: refused in C
            return
        for k in range(lo, hi):
            if keys[k] == h:
                w = words[ids[k]]
                if len(w) - len(delete) <= self.depth(w) and _subsequence(delete, w):
                    yield w

    def near(self, word: str, budget: int, allowance: Allowance | None = None) -> list[tuple[int, str]]:
        """(distance, word) for known words within `budget` edits, nearest first."""
        budget = min(budget, self.max_budget)
        if budget <= 0 or not self.shortest - budget <= len(word) <= self.longest + budget:
            return []
        key = (word, budget)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if allowance is not None and not allowance.take():
            return []
        self.build()
        seen: set[str] = set()
        for d in _deletes(word, budget):
            seen.update(self._found(d))
        found = sorted((d, w) for d, w in ((distance(word, w, budget), w) for w in seen) if d <= budget)
        if len(self._cache) >= self.CACHE:
            self._cache.clear()
        self._cache[key] = found
        return found
