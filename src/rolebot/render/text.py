"""Plain text: paste-ready, no markup, ending with the source line."""

from __future__ import annotations

from rolebot.markup import plain
from rolebot.render.walk import Style, lines
from rolebot.reply import Reply, Table

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


STYLE = Style(
    inline=plain,
    title=plain,
    heading=plain,
    field=lambda name, value: f"{plain(name)}: {plain(value)}",
    table=table_lines,
    source=str,
    next_line=lambda reply: "Next: " + " | ".join(f"/{a.command}" for a in reply.actions),
)


def render_text(reply: Reply) -> str:
    return lines(reply, STYLE)
