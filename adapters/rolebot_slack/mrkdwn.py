"""rolebot's inline markup to Slack mrkdwn, with Slack's three control characters escaped."""

from __future__ import annotations

from rolebot.markup import translate


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` (in that order): no mention, link or command can be formed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack's entities back to characters (`&` last), so text is escaped exactly once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_mrkdwn(text: str) -> str:
    return translate(
        text,
        escape,
        bold="*{}*".format,
        code=lambda t: f"`{escape(t)}`",
        link=lambda label, url: f"<{escape(url).replace('|', '%7C')}|{label.replace('|', '/')}>",
    )
