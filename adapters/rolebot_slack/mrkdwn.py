"""rolebot's inline markup to Slack mrkdwn, with Slack's three control characters escaped."""

from __future__ import annotations

from functools import lru_cache

from rolebot.markup import translate

# Slack has no escape for its formatting marks: in plain text they become look-alikes, so
# echoed user text ("*bold* ~strike~ `code`") shows as typed instead of formatting the reply
_MARKS = str.maketrans({"*": "\u2217", "~": "\u223c", "`": "\u02cb"})


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` (in that order): no mention, link or command can be formed; and
    Slack's formatting marks made inert."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").translate(_MARKS)


def unescape(text: str) -> str:
    """Slack's entities back to characters (`&` last), so text is escaped exactly once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@lru_cache(maxsize=8192)  # content strings recur in every answer that shows them
def to_mrkdwn(text: str) -> str:
    return translate(
        text,
        escape,
        bold="*{}*".format,
        code=lambda t: f"`{escape(t)}`",
        link=lambda label, url: f"<{escape(url).replace('|', '%7C')}|{label.replace('|', '/')}>",
    )
