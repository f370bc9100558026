"""Renderers: pure functions from a `Reply` to a platform's format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rolebot.reply import Reply

FORMATS = ("text", "markdown", "json", "slack", "discord")


def render(reply: Reply, fmt: str) -> str:
    """The reply in `fmt`, as a string (JSON formats are serialised)."""
    import json

    fn: Callable[[Reply], Any]
    if fmt == "text":
        from rolebot.render.text import render_text as fn
    elif fmt == "markdown":
        from rolebot.render.markdown import render_markdown as fn
    elif fmt == "json":
        from rolebot.render.json import render_json as fn
    elif fmt == "slack":
        from rolebot_slack.blocks import render_slack as fn
    elif fmt == "discord":
        from rolebot_discord.payload import render_discord as fn
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = fn(reply)
    return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, indent=2)
