"""Flood control for public posts (Share, mention replies, direct messages): at most so many per
user and per channel in a sliding window, so one member cannot flood a channel. Private
answers are never limited. The count lives in this process by default, and in the shared
database when a platform keeps one (see `Limiter`)."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Protocol

SLOW_DOWN = (
    "Slow down a little: that's a lot of posts here in a short time. Your answers still come privately."
)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/60": five in any sixty seconds. Raises ValueError naming the form."""
        try:
            count, seconds = text.split("/")
            rate = cls(int(count), float(seconds))
        except ValueError:
            raise ValueError(f"{text!r} is not a rate like 5/60 (posts per seconds)") from None
        if rate.count < 1 or rate.seconds <= 0:
            raise ValueError(f"{text!r}: both numbers must be positive")
        return rate


class Limiter(Protocol):
    async def take(self, key: str, rate: Rate) -> bool:
        """Count one post against `key` if it stays within `rate`; False when it would not."""
        ...


class MemoryLimiter:
    """Sliding windows in this process, for at most `keys` users and channels at once."""

    def __init__(self, keys: int = 50_000) -> None:
        self.keys = keys
        self.windows: OrderedDict[str, deque[float]] = OrderedDict()

    async def take(self, key: str, rate: Rate) -> bool:
        now = time.monotonic()
        window = self.windows.pop(key, None) or deque()
        while window and window[0] <= now - rate.seconds:
            window.popleft()
        allowed = len(window) < rate.count
        if allowed:
            window.append(now)
        self.windows[key] = window
        while len(self.windows) > self.keys:
            self.windows.popitem(last=False)
        return allowed


@dataclass
class FloodGate:
    per_user: Rate
    per_channel: Rate
    limiter: Limiter

    async def allow(self, user: str | None, channel: str | None) -> bool:
        """A public post by `user` in `channel`: both must have room (the user's is checked
        first, so one member's burst does not use up the channel's)."""
        if user and not await self.limiter.take(f"user:{user}", self.per_user):
            return False
        return not channel or await self.limiter.take(f"channel:{channel}", self.per_channel)
