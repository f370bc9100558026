"""Layout shared by the renderers: list lines, and fitting text into platform limits
(shorten at a word, or split at lines and words)."""

from __future__ import annotations

from collections.abc import Callable

from rolebot.reply import Bullets


def list_lines(block: Bullets, inline: Callable[[str], str], mark: str = "\u2022") -> list[str]:
    """A bullet list as lines: `1. item` when ordered, else `<mark> item`."""
    return [
        f"{i}. {inline(x)}" if block.ordered else f"{mark} {inline(x)}" for i, x in enumerate(block.items, 1)
    ]


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "\u2026"


def chunks(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters at line, then word, boundaries;
    a word longer than `limit` is the only thing ever cut."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
            if current:
                out.append(current)
                current = ""
            out.append(cut)
            line = line[len(cut) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return [c for c in out if c.strip()]
