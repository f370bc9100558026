"""rolebot's inline markup to Slack mrkdwn, with Slack's three control characters escaped."""

from __future__ import annotations

from rolebot.markup import parse


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` (in that order): no mention, link or command can be formed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    out = []
    for span in parse(text):
        body = escape(span.text)
        if span.kind == "bold":
            out.append(f"*{body}*")
        elif span.kind == "italic":
            out.append(f"_{body}_")
        elif span.kind == "code":
            out.append(f"`{body.replace('`', '')}`")
        elif span.kind == "link":
            out.append(f"<{escape(span.url).replace('|', '%7C')}|{body.replace('|', '/')}>")
        else:
            out.append(body)
    return "".join(out)
