"""JSON: the reply itself, with a `type` on every block."""

from __future__ import annotations

from typing import Any

from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table


def _block(block: Paragraph | Bullets | Fields | Table) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    if isinstance(block, Bullets):
        return {"type": "bullets", "items": list(block.items), "ordered": block.ordered}
    if isinstance(block, Fields):
        return {"type": "fields", "items": [{"name": f.name, "value": f.value} for f in block.items]}
    return {"type": "table", "columns": list(block.columns), "rows": [list(r) for r in block.rows]}


def render_json(reply: Reply) -> dict[str, Any]:
    return {
        "status": reply.status.value,
        "command": reply.command,
        "title": reply.title,
        "summary": reply.summary,
        "sections": [
            {"heading": s.heading, "accent": s.accent, "blocks": [_block(b) for b in s.blocks]}
            for s in reply.sections
        ],
        "actions": [{"label": a.label, "command": a.command} for a in reply.actions],
        "source": reply.source,
        "accent": reply.accent,
    }
