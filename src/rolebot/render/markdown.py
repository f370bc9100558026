"""Markdown (CommonMark with GFM tables)."""

from __future__ import annotations

import re

from rolebot.markup import translate
from rolebot.render.lengths import list_lines
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table

_ESCAPE = re.compile(r"([\\`*_\[\]<>|#])")


def inline(text: str) -> str:
    return translate(text, lambda t: _ESCAPE.sub(r"\\\1", t))


def render_markdown(reply: Reply) -> str:
    lines = [f"### {inline(reply.title)}"]
    if reply.summary:
        lines += ["", inline(reply.summary)]
    for section in reply.sections:
        lines.append("")
        if section.heading:
            lines += [f"**{inline(section.heading)}**", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [inline(block.text), ""]
            elif isinstance(block, Bullets):
                lines += [*list_lines(block, inline, "-"), ""]
            elif isinstance(block, Fields):
                lines += [f"- **{inline(f.name)}:** {inline(f.value)}" for f in block.items] + [""]
            elif isinstance(block, Table):
                lines.append("| " + " | ".join(inline(c) or " " for c in block.columns) + " |")
                lines.append("|" + "---|" * len(block.columns))
                lines += ["| " + " | ".join(inline(c) for c in row) + " |" for row in block.rows] + [""]
    if reply.actions:
        lines += ["", "Next: " + " · ".join(f"`/{a.command}`" for a in reply.actions)]
    if reply.source:
        lines += ["", f"_{inline(reply.source)}_"]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
