"""Paste-ready text for a chat composer: what a recruiter copies into a Slack or Discord
thread. `*bold*` headings (bold in Slack, emphasis in Discord), `•` bullets, links written out
as their URL, tables as an aligned code block (or one short line per row when wide), no
headings or pipe tables that composers show as raw characters."""

from __future__ import annotations

from rolebot.markup import translate
from rolebot.render.text import WIDE, table_lines
from rolebot.render.walk import Style, lines
from rolebot.reply import Reply, Table


def _link(label: str, url: str) -> str:
    return url if label.strip() in (url, "") else f"{label} ({url})"


def inline(text: str) -> str:
    return translate(text, str, bold="*{}*".format, italic="_{}_".format, link=_link)


def _table(table: Table) -> list[str]:
    rows = table_lines(table)
    wide = sum(len(c) for c in table.columns) > WIDE or any(r.startswith("  ") for r in rows)
    return rows if wide else ["```", *rows, "```"]


STYLE = Style(
    bars=lambda bars: ["```", *bars, "```"],
    inline=inline,
    title=lambda t: f"*{inline(t)}*",
    heading=lambda h: f"*{inline(h)}*",
    field=lambda name, value: f"• *{inline(name)}:* {inline(value)}",
    table=_table,
    source=lambda s: f"_{inline(s)}_",
    bullet="•",
)


def render_paste(reply: Reply) -> str:
    return lines(reply, STYLE)
