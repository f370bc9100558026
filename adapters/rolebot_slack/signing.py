"""Slack's request signature, checked on the raw bytes before anything is parsed.

slack_sdk's `SignatureVerifier` decodes the body as UTF-8 before hashing, so an unsigned
body that is not UTF-8 makes it raise; Slack signs bytes, and so does this check. Malformed
headers (a non-ASCII digit such as "²", an over-long timestamp, a signature that is not
ASCII) are simply invalid."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_AGE = 300  # seconds either side of now, as Slack documents


def plausible(timestamp: str, signature: str, now: float | None = None) -> bool:
    """The headers could belong to a signed request: checked before the body is even read,
    so a request without them costs nothing to refuse."""
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE:
        return False
    return signature.isascii() and signature.startswith("v0=") and len(signature) == 67


def is_valid(secret: str, body: bytes, timestamp: str, signature: str, now: float | None = None) -> bool:
    return plausible(timestamp, signature, now) and matches(secret, body, timestamp, signature)


def matches(secret: str, body: bytes, timestamp: str, signature: str) -> bool:
    """The signature is the body's, for headers already found `plausible`."""
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
