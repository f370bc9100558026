"""Shaping a reply for reading: the direct answer first, a few supporting points, every
figure once, and the rest one follow-up away ("More detail" runs `more COMMAND`).

Pure functions from a `Reply` to a `Reply`; the handlers build whole answers and this is the
one place that decides how much of one is shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from rolebot.markup import plain
from rolebot.reply import Action, Block, Bullets, Fields, Paragraph, Reply, Section, Status, Table

SINGLE = 120  # words of body in one answer
OVERVIEW = 200  # in an overview: the whole table, every command, the FAQ list
SMALL_TALK = 40
DETAILS = 400  # a `more` page
MAX_POINTS = 4  # items kept from one list in a short answer
SHORT_ITEM = 6  # words: a list item this short is moved up its list, not out of it
OVERVIEWS = frozenset({"salary", "compare", "help", "faq", "about"})
MORE = "more"

# digit runs are matched from their start only, so a flood of digits costs one pass
FIGURE = re.compile(r"£\d+(?:-\d+)?k|(?<![\d.])\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?%|\b\d+(?:-\d+)?x\b")


@lru_cache(maxsize=8192)  # content strings recur in every answer that shows them
def words(text: str) -> int:
    """Words as a reader counts them: markup and bare punctuation (`**`, `-`) are not words."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


@lru_cache(maxsize=8192)
def figures(text: str) -> frozenset[str]:
    """The figures a text shows ("£120-165k", "30%", "2x")."""
    return frozenset(FIGURE.findall(text))


def budget(reply: Reply) -> int:
    command = reply.command or ""
    if command.startswith(MORE + " "):
        return DETAILS
    if reply.answers == ("smalltalk",):
        return SMALL_TALK
    return OVERVIEW if command in OVERVIEWS else SINGLE


class _Fitter:
    """Keeps blocks while the word budget lasts; drops any item whose figures were all shown."""

    def __init__(self, limit: int, seen: set[str]) -> None:
        self.left = limit
        self.seen = seen
        self.cut = False  # something was left out for length (not as a repeat)

    def fresh(self, text: str) -> bool:
        shown = figures(text)
        return not (shown and shown <= self.seen)

    def take(self, text: str) -> bool:
        n = words(text)
        if n > self.left:
            self.cut = True
            return False
        self.left -= n
        self.seen |= figures(text)
        return True

    def block(self, block: Block, points: int) -> Block | None:
        if isinstance(block, Paragraph):
            return block if self.fresh(block.text) and self.take(block.text) else None
        if isinstance(block, Bullets):
            kept: list[str] = []
            for item in block.items:
                if not self.fresh(item):
                    continue
                if len(kept) >= points or not self.take(item):
                    self.cut = True
                    break
                kept.append(item)
            return Bullets(tuple(kept), block.ordered) if kept else None
        if isinstance(block, Fields):
            # a set of fields is shown whole or not at all: "your answers" with one missing
            # reads as a mistake, not as a shortened list
            fields = [f for f in block.items if self.fresh(f.value)]
            cost = sum(words(f"{f.name} {f.value}") for f in fields)
            if not fields or cost > self.left:
                self.cut = self.cut or bool(fields)
                return None
            for f in fields:
                self.take(f"{f.name} {f.value}")
            return Fields(tuple(fields))
        rows = []
        self.left -= words(" ".join(block.columns))
        for row in block.rows:
            if not self.take(" ".join(row)):
                break
            rows.append(row)
        return Table(block.columns, tuple(rows)) if rows else None


def fit(reply: Reply, limit: int | None = None, points: int = MAX_POINTS) -> Reply:
    """`reply` within its word budget, each figure shown once; "More detail" when cut."""
    if reply.status is not Status.OK:
        return reply
    limit = budget(reply) if limit is None else limit
    if budget(reply) == DETAILS:
        points = 1000
    fitter = _Fitter(limit - words(reply.title), set())
    summary = reply.summary
    if summary:
        fitter.left -= words(summary)
        fitter.seen |= figures(summary)
    sections = []
    for section in reply.sections:
        heading_cost = words(section.heading) if section.heading else 0
        if fitter.left - heading_cost <= 0:
            fitter.cut = True
            break
        fitter.left -= heading_cost  # reserved before the blocks, given back if none fits
        blocks = [b for b in (fitter.block(b, points) for b in section.blocks) if b is not None]
        if blocks:
            sections.append(replace(section, blocks=tuple(blocks)))
        else:
            fitter.left += heading_cost
    actions = reply.actions
    command = (reply.command or "").strip()
    if fitter.cut and command and not command.startswith(MORE + " "):
        more = Action("More detail", f"{MORE} {command}")
        actions = (
            (*(a for a in actions if a.command != more.command), more)[-5:]
            if len(actions) < 5
            else (
                *actions[:4],
                more,
            )
        )
    return replace(reply, sections=tuple(sections), actions=actions)


def lead_with(reply: Reply, needles: list[str]) -> Reply:
    """Put the first line that names one of `needles` (a company, a tool, a figure the
    question asked about) first, as the summary."""
    if not needles:
        return reply
    # whole names only: "10%" does not lead with "5-10%"
    alts = "|".join(re.escape(n) for n in needles)
    pattern = re.compile(rf"(?<![\w.-])(?:{alts})(?!\w)", re.IGNORECASE)
    if reply.summary and pattern.search(plain(reply.summary)):
        return reply
    for si, section in enumerate(reply.sections):
        for bi, block in enumerate(section.blocks):
            items: list[str] = []
            if isinstance(block, Bullets):
                items = list(block.items)
            elif isinstance(block, Paragraph):
                items = [block.text]
            for item in items:
                if pattern.search(plain(item)):
                    rest = tuple(x for x in items if x != item)
                    new_block: Block | None
                    if isinstance(block, Bullets):
                        new_block = Bullets(rest, block.ordered) if rest else None
                    else:
                        new_block = None
                    blocks = list(section.blocks)
                    if new_block is None:
                        del blocks[bi]
                    else:
                        blocks[bi] = new_block
                    sections = list(reply.sections)
                    sections[si] = replace(section, blocks=tuple(blocks))
                    if reply.summary:
                        sections.insert(0, Section(None, (Paragraph(reply.summary),)))
                    return replace(reply, summary=item, sections=tuple(s for s in sections if s.blocks))
    return reply


def with_note(reply: Reply, note: str) -> Reply:
    """A short note (what the content does not say) right after the direct answer."""
    if not note:
        return reply
    return replace(reply, sections=(Section(None, (Paragraph(note),)), *reply.sections))


def combine(replies: list[Reply], title: str) -> Reply:
    """Several answers to one message, each in its own section, each kept short."""
    share = max(40, SINGLE // len(replies))
    sections = []
    actions: list[Action] = []
    for r in replies:
        short = fit(r, share, points=2)
        blocks: list[Block] = [Paragraph(short.summary)] if short.summary else []
        for s in short.sections:
            blocks.extend(s.blocks)
        sections.append(Section(r.title, tuple(blocks), accent=r.accent))
        if r.command:
            actions.append(Action(plain(r.title)[:75], r.command))
    first = replies[0]
    return Reply(
        title=title,
        sections=tuple(sections),
        actions=tuple(actions[:5]),
        source=first.source,
        colours=first.colours,
        answers=tuple(r.answers[0] if r.answers else (r.command or "") for r in replies),
    )


def promote(reply: Reply, score: Callable[[str], int], least: int = 3) -> Reply:
    """Move the line that best matches what was asked (`score`, at least `least`) to just
    after the direct answer, so the fact asked about is not the one cut for length."""
    best, where = least - 1, None
    for si, section in enumerate(reply.sections):
        for bi, block in enumerate(section.blocks):
            if isinstance(block, Bullets):
                for item in block.items:
                    if (n := score(item)) > best:
                        best, where = n, (si, bi, item)
    if where is None or (where[0] == 0 and where[1] == 0):
        return reply
    si, bi, item = where
    section = reply.sections[si]
    block = section.blocks[bi]
    assert isinstance(block, Bullets)
    rest = tuple(x for x in block.items if x != item)
    if words(item) <= SHORT_ITEM:  # "Vector databases" reads as an item of its list, first
        blocks = list(section.blocks)
        blocks[bi] = Bullets((item, *rest), block.ordered)
        sections = list(reply.sections)
        sections[si] = replace(section, blocks=tuple(blocks))
        return replace(reply, sections=tuple(sections))
    blocks = list(section.blocks)
    if rest:
        blocks[bi] = Bullets(rest, block.ordered)
    else:
        del blocks[bi]
    sections = list(reply.sections)
    sections[si] = replace(section, blocks=tuple(blocks))
    lead = Section(None, (Paragraph(item),))
    return replace(reply, sections=(lead, *(s for s in sections if s.blocks)))
