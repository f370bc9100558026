"""Platforms are plugins. An installed package offers one through the `rolebot.platforms`
entry-point group; the core learns its name from the entry point and imports it only when it
is used. A platform gives the command line its subcommand (`rolebot NAME ...`) and the
renderers a format (`rolebot ask --format NAME`).

    [project.entry-points."rolebot.platforms"]
    NAME = "package.module:PLATFORM [extra]"
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from rolebot.reply import Reply
from rolebot.settings import Settings

if TYPE_CHECKING:
    import argparse
    from importlib.metadata import EntryPoint

GROUP = "rolebot.platforms"


class Platform(Protocol):
    """What a platform adapter provides to the core."""

    help: str  # one line for `rolebot --help`

    def add_parser(self, sub: Any) -> None:
        """Add the platform's subcommand (`rolebot NAME ...`) to an argparse subparsers."""

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        """Run the subcommand with the settings read at start; the process exit code."""

    def render(self, reply: Reply) -> Any:
        """A reply as the platform's message payload (JSON-able), for `ask --format NAME`."""


class PlatformMissing(Exception):
    """A platform is named but cannot be loaded: its extra is not installed."""


@dataclass(frozen=True)
class Listed:
    name: str
    entry: EntryPoint

    @property
    def extra(self) -> str:
        return self.entry.extras[0] if self.entry.extras else self.name

    def load(self) -> Platform:
        try:
            loaded: Platform = self.entry.load()
        except ImportError as exc:
            raise PlatformMissing(
                f"'{self.name}' needs the '{self.extra}' extra (pip install 'rolebot[{self.extra}]'): {exc}"
            ) from None
        return loaded


@lru_cache(maxsize=1)
def installed() -> dict[str, Listed]:
    """Every platform installed, by name (nothing imported yet)."""
    from importlib.metadata import entry_points  # read only when a platform is asked for

    return {ep.name: Listed(ep.name, ep) for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name)}
