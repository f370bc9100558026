"""Follow-ups as platforms carry them: a command and the pack it runs in, encoded compactly
and reversibly in at most 95 characters, so a platform's own prefix still fits Discord's
custom_id limit of 100 (Slack's values allow more). The default pack's commands travel as
they are (`salary senior ml`); another pack's carry a short tag of its id first
(`~3fa9c2salary senior ml`), so even the longest pack id costs seven characters. A tag that
matches no loaded pack reads as out of date."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rolebot.reply import Reply

MAX_REF = 95  # Discord's 100, less a platform's own prefix of up to 5 ("rb:r:")
TAG = "~"
TAG_SIZE = 6
log = logging.getLogger("rolebot")


def tag(pack: str) -> str:
    return TAG + hashlib.sha256(pack.encode()).hexdigest()[:TAG_SIZE]


def encode(command: str, pack: str | None) -> str:
    return (tag(pack) if pack else "") + command


@dataclass(frozen=True)
class Decoded:
    command: str
    pack: str | None  # None: the default pack
    known: bool = True  # False: a tag no loaded pack has (the button is out of date)


def decode(ref: str, packs: Iterable[str]) -> Decoded:
    if not ref.startswith(TAG):
        return Decoded(ref, None)
    head, command = ref[: 1 + TAG_SIZE], ref[1 + TAG_SIZE :]
    pack = next((p for p in packs if tag(p) == head), None)
    return Decoded(command, pack, known=pack is not None)


def stamp(reply: Reply, pack: str | None) -> Reply:
    """The reply with every follow-up's reference set for the pack that answered. A reference
    over the limit is a bug in a command's design: it is logged, never dropped silently."""
    actions = tuple(replace(a, ref=encode(a.command, pack)) for a in reply.actions)
    ref = encode(reply.command, pack) if reply.command else ""
    for value in (ref, *(a.ref for a in actions)):
        if len(value) > MAX_REF:
            log.error("follow-up over %d characters: %s", MAX_REF, value[:120])
    return replace(reply, actions=actions, ref=ref, pack=pack)
