"""Plain text: paste-ready, no markup, ending with the source line."""

from __future__ import annotations

from rolebot.markup import plain
from rolebot.render.lengths import list_lines
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table

WIDE = 100  # wider tables are printed as one block per row


def table_lines(table: Table) -> list[str]:
    rows = [table.columns, *table.rows]
    widths = [max(len(plain(r[i])) for r in rows) for i in range(len(table.columns))]
    if sum(widths) + 2 * len(widths) > WIDE:
        out = []
        for row in table.rows:
            out.append(plain(row[0]))
            out += [
                f"  {plain(col)}: {plain(cell)}" for col, cell in zip(table.columns[1:], row[1:], strict=True)
            ]
        return out
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(plain(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def render_text(reply: Reply) -> str:
    lines = [plain(reply.title)]
    if reply.summary:
        lines.append(plain(reply.summary))
    for section in reply.sections:
        lines.append("")
        if section.heading:
            lines.append(plain(section.heading))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(plain(block.text))
            elif isinstance(block, Bullets):
                lines += list_lines(block, plain, "-")
            elif isinstance(block, Fields):
                lines.extend(f"{plain(f.name)}: {plain(f.value)}" for f in block.items)
            elif isinstance(block, Table):
                lines.extend(table_lines(block))
    if reply.actions:
        lines += ["", "Next: " + " | ".join(f"/{a.command}" for a in reply.actions)]
    if reply.source:
        lines += ["", reply.source]
    return "\n".join(lines) + "\n"
