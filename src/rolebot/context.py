"""What a command handler gets: the pack and its derived indexes, and the parsed call."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from rolebot.content.models import Pack
from rolebot.vocab import Vocabulary

if TYPE_CHECKING:
    from rolebot.registry import Command, Registry
    from rolebot.router import Router


@dataclass
class Invocation:
    """A parsed command call. Empty lists mean "not given"."""

    command: Command
    roles: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    number: int | None = None
    target: Command | None = None  # for help


class Context:
    def __init__(
        self,
        pack: Pack,
        registry: Registry,
        *,
        catalog: tuple[tuple[str, str], ...] = (),
        default: str = "",
    ) -> None:
        self.pack = pack
        self.registry = registry
        self.catalog = catalog or ((pack.id, pack.title),)  # every loaded pack: (id, title)
        self.default_pack = default or pack.id
        self.vocab = Vocabulary(pack)
        src = pack.source
        self.source_line = f"Source: \u201c{src.title}\u201d by {src.author}, {src.publisher} ({src.year})"
        self.colours = {r.id: r.colour for r in pack.roles}

    @cached_property
    def router(self) -> Router:
        from rolebot.router import Router

        return Router.cached(self)

    def role_name(self, role_id: str) -> str:
        return self.pack.role(role_id).name

    def level_name(self, level_id: str) -> str:
        return self.pack.level(level_id).name
