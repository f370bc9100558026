"""Configuration, read once: the environment and command-line flags, as one typed object that
is passed down. No other module reads the environment.

    ROLEBOT_CONTENT   the content folder (default: the one shipped with the package)
    ROLEBOT_NO_CACHE  set to turn the content and index cache off
    XDG_CACHE_HOME    where the cache lives (default: ~/.cache), under rolebot/
    ROLEBOT_LOG_TEXT  1, true or yes: answer logs carry the user's text and id
    ROLEBOT_LOG_LEVEL debug, info (default), warning or error: for every logger
    ROLEBOT_LOG_FORMAT text (default) or json: JSON lines with time and level
    ROLEBOT_POSTS_PER_USER, ROLEBOT_POSTS_PER_CHANNEL  public posts allowed, as count/seconds
                      (default 5/60 per user, 30/60 per channel)
    ROLEBOT_DATABASE_URL where data lives (default: a SQLite file under $XDG_DATA_HOME/rolebot,
                      else ~/.local/share/rolebot); postgresql+psycopg://... at scale

Platforms read their own keys (tokens, API addresses) from `environ`, the same snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rolebot.content.loader import shipped_content_dir

if TYPE_CHECKING:
    from rolebot.flood import FloodGate, Limiter


@dataclass(frozen=True)
class Settings:
    content: Path = field(default_factory=shipped_content_dir)
    cache: Path | None = None  # None: nothing is cached
    log_text: bool = False
    log_level: str = "info"
    log_format: str = "text"
    database_url: str = ""
    posts_per_user: str = "5/60"
    posts_per_channel: str = "30/60"
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)  # never printed: holds tokens

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None, *, content: Path | None = None) -> Settings:
        """The settings from the environment (this process's, unless given), with the flags
        given here taking precedence."""
        env = dict(os.environ if environ is None else environ)
        folder = content or (Path(env["ROLEBOT_CONTENT"]) if env.get("ROLEBOT_CONTENT") else None)
        base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rolebot"
        data = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "rolebot"
        return cls(
            content=folder or shipped_content_dir(),
            cache=None if env.get("ROLEBOT_NO_CACHE") else base,
            log_text=env.get("ROLEBOT_LOG_TEXT", "").strip().lower() in ("1", "true", "yes"),
            log_level=env.get("ROLEBOT_LOG_LEVEL", "").strip().lower() or "info",
            log_format=env.get("ROLEBOT_LOG_FORMAT", "").strip().lower() or "text",
            database_url=env.get("ROLEBOT_DATABASE_URL", "").strip() or f"sqlite:///{data / 'rolebot.db'}",
            posts_per_user=env.get("ROLEBOT_POSTS_PER_USER", "").strip() or "5/60",
            posts_per_channel=env.get("ROLEBOT_POSTS_PER_CHANNEL", "").strip() or "30/60",
            environ=env,
        )

    def as_environ(self) -> dict[str, str]:
        """These settings as the environment a worker process reads them from again."""
        env = dict(self.environ)
        env.update(
            ROLEBOT_CONTENT=str(self.content),
            ROLEBOT_LOG_LEVEL=self.log_level,
            ROLEBOT_LOG_FORMAT=self.log_format,
        )
        env["ROLEBOT_LOG_TEXT"] = "1" if self.log_text else ""
        env["ROLEBOT_DATABASE_URL"] = self.database_url
        env["ROLEBOT_POSTS_PER_USER"], env["ROLEBOT_POSTS_PER_CHANNEL"] = (
            self.posts_per_user,
            self.posts_per_channel,
        )
        if self.cache is None:
            env["ROLEBOT_NO_CACHE"] = "1"
        else:
            env.pop("ROLEBOT_NO_CACHE", None)
            env["XDG_CACHE_HOME"] = str(self.cache.parent)
        return env

    def export(self) -> None:
        """Write these settings into this process's environment, for worker processes."""
        os.environ.update(self.as_environ())

    def flood_gate(self, limiter: Limiter | None = None) -> FloodGate:
        """The limits on public posts, counted by `limiter` (this process's memory by default)."""
        from rolebot.flood import FloodGate, MemoryLimiter, Rate

        return FloodGate(
            Rate.parse(self.posts_per_user), Rate.parse(self.posts_per_channel), limiter or MemoryLimiter()
        )

    def get(self, name: str) -> str:
        """A platform's setting, stripped; "" when it is not set."""
        return self.environ.get(name, "").strip()
