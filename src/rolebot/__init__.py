"""rolebot: answers career questions about AI Engineer vs ML Engineer roles.

Public API: `Bot` (text in, `Reply` out), the `Reply` model, `render`, and `REGISTRY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["REGISTRY", "Bot", "Reply", "render"]

if TYPE_CHECKING:
    from rolebot.bot import Bot
    from rolebot.commands import REGISTRY
    from rolebot.render import render
    from rolebot.reply import Reply


def __getattr__(name: str) -> Any:  # lazy: `import rolebot` stays cheap
    if name == "Bot":
        from rolebot.bot import Bot

        return Bot
    if name == "Reply":
        from rolebot.reply import Reply

        return Reply
    if name == "render":
        from rolebot.render import render

        return render
    if name == "REGISTRY":
        from rolebot.commands import REGISTRY

        return REGISTRY
    raise AttributeError(name)
