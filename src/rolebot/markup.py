"""The small inline markup used in content and replies, and the escaping of user text.

Markup: **bold**, _italic_, `code`, [label](https://url). A backslash escapes the next
character. `parse` turns a string into spans that each renderer formats its own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal, NamedTuple

from rolebot.words import clean

SpanKind = Literal["text", "bold", "italic", "code", "link"]


class Span(NamedTuple):
    kind: SpanKind
    text: str
    url: str = ""


_TOKEN = re.compile(
    r"\\(?P<esc>[\\*_`\[\]()<>@])"
    r"|\*\*(?P<bold>(?:\\.|[^*\\])+?)\*\*"
    r"|(?<![\w\\])_(?P<italic>(?:\\.|[^_\\])+?)_(?!\w)"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>(?:\\.|[^\]\\])+)\]\((?P<url>https?://[^)\s]+)\)"
)
_UNESCAPE = re.compile(r"\\([\\*_`\[\]()<>@])")
_SPECIAL = re.compile(r"([\\*_`\[\]()<>@])")
ZWSP = "\u200b"
ECHO_LIMIT = 80


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def parse(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Span("text", "".join(buf)))
            buf.clear()

    for m in _TOKEN.finditer(text):
        buf.append(text[pos : m.start()])
        pos = m.end()
        if m.group("esc") is not None:
            buf.append(m.group("esc"))
            continue
        flush()
        if m.group("bold") is not None:
            spans.append(Span("bold", _unescape(m.group("bold"))))
        elif m.group("italic") is not None:
            spans.append(Span("italic", _unescape(m.group("italic"))))
        elif m.group("code") is not None:
            spans.append(Span("code", m.group("code")))
        else:
            spans.append(Span("link", _unescape(m.group("label")), m.group("url")))
    buf.append(text[pos:])
    flush()
    return [s for s in spans if s.text]


def translate(
    text: str,
    escape: Callable[[str], str],
    *,
    bold: Callable[[str], str] = "**{}**".format,
    italic: Callable[[str], str] = "_{}_".format,
    code: Callable[[str], str] = "`{}`".format,
    link: Callable[[str, str], str] = "[{}]({})".format,
) -> str:
    """`text` in a platform's own markup: plain spans go through `escape`, marked spans are
    escaped and then wrapped (code keeps its text, minus backticks)."""
    out = []
    for span in parse(text):
        if span.kind == "code":
            out.append(code(span.text.replace("`", "")))
        elif span.kind == "link":
            out.append(link(escape(span.text), span.url))
        elif span.kind == "bold":
            out.append(bold(escape(span.text)))
        elif span.kind == "italic":
            out.append(italic(escape(span.text)))
        else:
            out.append(escape(span.text))
    return "".join(out)


@lru_cache(maxsize=8192)  # content strings recur in every answer that shows them
def plain(text: str) -> str:
    """The text with markup removed (links keep their label)."""
    if "\\" not in text and not any(c in text for c in "*_`["):
        return text
    return "".join(s.text for s in parse(text))


_LINKISH = re.compile(r"(?<=\w)([.:])(?=/*\w)")


def echo(user_text: str, limit: int = ECHO_LIMIT) -> str:
    """User text made safe to show inside a reply: cleaned, shortened, markup escaped,
    mention syntax (`@everyone`, `<@U1>`, `<!channel>`) defused so it cannot ping, and
    anything a platform would turn into a link (`https://x`, `evil.example`) broken up with
    a zero-width space so it stays text."""
    text = " ".join(clean(user_text).split())
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
        text = cut + "…"
    text = text.replace("@", "@" + ZWSP)
    text = re.sub(r"<(?=[@!#])", "<" + ZWSP, text)
    text = _LINKISH.sub("\\1" + ZWSP, text)
    return _SPECIAL.sub(r"\\\1", text)
