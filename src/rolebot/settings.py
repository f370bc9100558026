"""Configuration, read once: the environment and command-line flags, as one typed object that
is passed down. No other module reads the environment.

    ROLEBOT_CONTENT   the content folder (default: the one shipped with the package)
    ROLEBOT_NO_CACHE  set to turn the content and index cache off
    XDG_CACHE_HOME    where the cache lives (default: ~/.cache), under rolebot/
    ROLEBOT_LOG_TEXT  1, true or yes: answer logs carry the user's text and id

Platforms read their own keys (tokens, API addresses) from `environ`, the same snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rolebot.content.loader import shipped_content_dir


@dataclass(frozen=True)
class Settings:
    content: Path = field(default_factory=shipped_content_dir)
    cache: Path | None = None  # None: nothing is cached
    log_text: bool = False
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)  # never printed: holds tokens

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None, *, content: Path | None = None) -> Settings:
        """The settings from the environment (this process's, unless given), with the flags
        given here taking precedence."""
        env = dict(os.environ if environ is None else environ)
        folder = content or (Path(env["ROLEBOT_CONTENT"]) if env.get("ROLEBOT_CONTENT") else None)
        base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rolebot"
        return cls(
            content=folder or shipped_content_dir(),
            cache=None if env.get("ROLEBOT_NO_CACHE") else base,
            log_text=env.get("ROLEBOT_LOG_TEXT", "").strip().lower() in ("1", "true", "yes"),
            environ=env,
        )

    def get(self, name: str) -> str:
        """A platform's setting, stripped; "" when it is not set."""
        return self.environ.get(name, "").strip()
