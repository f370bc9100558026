"""The words for roles and levels: exact aliases (multi-word too), then unambiguous typos.

Built once per pack from the content; lookups are dictionary hits plus a bounded edit
distance over the single-word aliases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rolebot.content.models import Pack
from rolebot.words import Allowance, TypoIndex, distance, normalize, tokens, typo_budget

Kind = Literal["role", "level"]


@dataclass(frozen=True, slots=True)
class Term:
    kind: Kind
    id: str


@dataclass(frozen=True, slots=True)
class Match:
    term: Term
    start: int
    end: int  # token index after the match
    exact: bool


@dataclass(slots=True)
class Scan:
    """The result of reading a token list: matched terms, ignored filler, unknown words."""

    matches: list[Match] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[Term]]] = field(default_factory=list)

    def ids(self, kind: Kind) -> list[str]:
        out: list[str] = []
        for m in self.matches:
            if m.term.kind == kind and m.term.id not in out:
                out.append(m.term.id)
        return out


class Vocabulary:
    def __init__(self, pack: Pack) -> None:
        self.phrases: dict[tuple[str, ...], Term] = {}
        self.names: dict[Term, str] = {}
        for kind, items in (("role", pack.roles), ("level", pack.levels)):
            for item in items:
                term = Term(kind, item.id)  # type: ignore[arg-type]
                self.names[term] = item.name
                for alias in (item.id, item.name, *item.aliases):
                    key = tuple(tokens(alias))
                    if key:
                        self.phrases.setdefault(key, term)
                if kind == "role":
                    role = pack.role(item.id)
                    for alias in (role.full_name, role.short):
                        self.phrases.setdefault(tuple(tokens(alias)), term)
        self.longest = max(len(k) for k in self.phrases)
        self.single = {k[0]: t for k, t in self.phrases.items() if len(k) == 1}
        self.ignore = {normalize(w) for w in pack.ignore}
        self.typos = TypoIndex(a for a in self.single if len(a) >= 2)
        self.role_ids = [r.id for r in pack.roles]
        self.level_ids = [lv.id for lv in pack.levels]

    def _fuzzy(
        self,
        word: str,
        kinds: tuple[Kind, ...] = ("role", "level"),
        allowance: Allowance | None = None,
        *,
        prose: bool = False,
    ) -> list[Term]:
        """Terms whose single-word aliases are closest to `word` within its typo budget
        (the tighter budget of prose for free text, where "did" is not "mid" and "api" is
        not "ai")."""
        near = [
            (d, self.single[a])
            for d, a in self.typos.near(word, typo_budget(word, strict=prose), allowance)
            if self.single[a].kind in kinds
        ]
        if not near:
            return []
        best = near[0][0]
        found: list[Term] = []
        for d, term in near:
            if d == best and term not in found:
                found.append(term)
        return found

    def scan(
        self, words: list[str], kinds: tuple[Kind, ...] = ("role", "level"), *, strict: bool = True
    ) -> Scan:
        """Read `words` left to right: longest exact alias first, then filler, then typos.

        With `strict` (command arguments), words that are neither are reported as unknown;
        without it (free text), typos get the tighter budget of prose. Terms of other kinds
        are matched but not reported as errors (the caller decides what to do with them).
        Typo look-ups share one message's allowance, so the cost is bounded for any input.
        """
        result = Scan()
        allowance = Allowance()
        i = 0
        n = len(words)
        while i < n:
            for size in range(min(self.longest, n - i), 0, -1):
                term = self.phrases.get(tuple(words[i : i + size]))
                if term is not None:
                    result.matches.append(Match(term, i, i + size, True))
                    i += size
                    break
            else:
                word = words[i]
                stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
                if word in self.ignore or stem in self.ignore:
                    pass
                elif stem != word and (stem,) in self.phrases:
                    result.matches.append(Match(self.phrases[(stem,)], i, i + 1, True))
                else:
                    found = self._fuzzy(word, kinds, allowance, prose=not strict)
                    if len(found) == 1:
                        result.matches.append(Match(found[0], i, i + 1, False))
                    elif found:
                        result.ambiguous.append((word, found))
                    elif strict:
                        result.unknown.append(word)
                i += 1
        return result

    def suggestions(self, word: str, kinds: tuple[Kind, ...]) -> list[str]:
        """Valid values close to `word` (a wider net than `fuzzy`), canonical ids."""
        scored: list[tuple[int, str]] = []
        for alias, term in self.single.items():
            if term.kind in kinds:
                d = distance(word, alias, typo_budget(word) + 2)
                if d <= typo_budget(word) + 1 and term.id not in [s for _, s in scored]:
                    scored.append((d, term.id))
        return [s for _, s in sorted(scored)]
