"""What happens while serving, told to whoever listens (the metrics, when a server runs):
an answer given, content reloaded or an edit refused, a platform call that failed for good.
Nothing listens by default, so telling costs a list lookup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any]], None]
_listeners: list[Listener] = []
log = logging.getLogger("rolebot")

ANSWER = "answer"  # platform, command, outcome, latency_ms
RELOAD = "reload"  # version
REFUSED_EDIT = "refused_edit"
DELIVERY_FAILED = "delivery_failed"  # platform, call


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def forget(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def tell(event: str, **data: Any) -> None:
    for listener in list(_listeners):
        try:
            listener(event, data)
        except Exception:  # a listener never breaks an answer
            log.exception("event listener failed on %s", event)
