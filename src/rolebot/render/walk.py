"""The one walk over a `Reply` that the text-like renderers share (plain text, Markdown, paste):
each gives its style, the walk gives the order and the spacing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rolebot.render.lengths import list_lines
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table


@dataclass(frozen=True)
class Style:
    inline: Callable[[str], str]  # a text with its markup, in the format's own
    title: Callable[[str], str]
    heading: Callable[[str], str]
    field: Callable[[str, str], str]
    table: Callable[[Table], list[str]]
    source: Callable[[str], str]
    bullet: str = "-"
    spaced: bool = False  # a blank line after every block (Markdown)
    next_line: Callable[[Reply], str] | None = None  # the follow-ups, as one line
    bars: Callable[[tuple[str, ...]], list[str]] | None = None  # a chart, as text bars


def lines(reply: Reply, style: Style) -> str:
    gap = [""] if style.spaced else []
    out = [style.title(reply.title)]
    if reply.summary:
        out += ["", style.inline(reply.summary)] if style.spaced else [style.inline(reply.summary)]
    for section in reply.sections:
        out.append("")
        if section.heading:
            out += [style.heading(section.heading), *gap]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out += [style.inline(block.text), *gap]
            elif isinstance(block, Bullets):
                out += [*list_lines(block, style.inline, style.bullet), *gap]
            elif isinstance(block, Fields):
                out += [*(style.field(f.name, f.value) for f in block.items), *gap]
            elif isinstance(block, Table):
                out += [*style.table(block), *gap]
    if reply.chart is not None and reply.chart.bars and style.bars is not None:
        out += ["", *style.bars(reply.chart.bars)]
    if reply.actions and style.next_line is not None:
        out += ["", style.next_line(reply)]
    if reply.source:
        out += ["", style.source(reply.source)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
