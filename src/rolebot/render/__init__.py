"""Renderers: pure functions from a `Reply` to a format. The built-in formats are plain
text, Markdown, JSON and paste-ready chat text; every installed platform adds its own
(`rolebot.platforms`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rolebot.reply import Reply

BUILT_IN = ("text", "markdown", "json", "paste")


def formats() -> tuple[str, ...]:
    """Every format `render` takes: the built-in ones, then each installed platform's."""
    from rolebot.platforms import installed

    return (*BUILT_IN, *installed())


def render(reply: Reply, fmt: str) -> str:
    """The reply in `fmt`, as a string (JSON formats are serialised). Raises ValueError for
    an unknown format and `PlatformMissing` for a platform whose extra is not installed."""
    import json

    fn: Callable[[Reply], Any]
    if fmt == "text":
        from rolebot.render.text import render_text as fn
    elif fmt == "markdown":
        from rolebot.render.markdown import render_markdown as fn
    elif fmt == "json":
        from rolebot.render.json import render_json as fn
    elif fmt == "paste":
        from rolebot.render.paste import render_paste as fn
    else:
        from rolebot.platforms import installed

        listed = installed().get(fmt)
        if listed is None:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(formats())}")
        fn = listed.load().render
    out = fn(reply)
    return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, indent=2)
