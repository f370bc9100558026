"""Paste-ready text for a chat composer: what a recruiter copies into a Slack or Discord
thread. `*bold*` headings (bold in Slack, emphasis in Discord), `•` bullets, links written out
as their URL, tables as an aligned code block (or one short line per row when wide), no
headings or pipe tables that composers show as raw characters."""

from __future__ import annotations

from rolebot.markup import translate
from rolebot.render.lengths import list_lines
from rolebot.render.text import WIDE, table_lines
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table


def _link(label: str, url: str) -> str:
    return url if label.strip() in (url, "") else f"{label} ({url})"


def inline(text: str) -> str:
    return translate(text, str, bold="*{}*".format, italic="_{}_".format, link=_link)


def render_paste(reply: Reply) -> str:
    lines = [f"*{inline(reply.title)}*"]
    if reply.summary:
        lines.append(inline(reply.summary))
    for section in reply.sections:
        lines.append("")
        if section.heading:
            lines.append(f"*{inline(section.heading)}*")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(inline(block.text))
            elif isinstance(block, Bullets):
                lines += list_lines(block, inline, "•")
            elif isinstance(block, Fields):
                lines += [f"• *{inline(f.name)}:* {inline(f.value)}" for f in block.items]
            elif isinstance(block, Table):
                rows = table_lines(block)
                wide = sum(len(c) for c in block.columns) > WIDE or any(r.startswith("  ") for r in rows)
                lines += rows if wide else ["```", *rows, "```"]
    if reply.source:
        lines += ["", f"_{inline(reply.source)}_"]
    return "\n".join(lines).strip() + "\n"
