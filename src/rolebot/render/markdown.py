"""Markdown (CommonMark with GFM tables)."""

from __future__ import annotations

import re

from rolebot.markup import translate
from rolebot.render.walk import Style, lines
from rolebot.reply import Reply, Table

_ESCAPE = re.compile(r"([\\`*_\[\]<>|#])")


def inline(text: str) -> str:
    return translate(text, lambda t: _ESCAPE.sub(r"\\\1", t))


def _table(table: Table) -> list[str]:
    return [
        "| " + " | ".join(inline(c) or " " for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
        *("| " + " | ".join(inline(c) for c in row) + " |" for row in table.rows),
    ]


STYLE = Style(
    bars=lambda bars: ["```", *bars, "```"],
    inline=inline,
    title=lambda t: f"### {inline(t)}",
    heading=lambda h: f"**{inline(h)}**",
    field=lambda name, value: f"- **{inline(name)}:** {inline(value)}",
    table=_table,
    source=lambda s: f"_{inline(s)}_",
    spaced=True,
    next_line=lambda reply: "Next: " + " · ".join(f"`/{a.command}`" for a in reply.actions),
)


def render_markdown(reply: Reply) -> str:
    return lines(reply, STYLE)
