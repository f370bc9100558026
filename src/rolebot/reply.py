"""The platform-neutral reply every command produces and every renderer consumes.

Text fields may hold the small inline markup of `rolebot.markup`: **bold**, _italic_,
`code` and [links](https://...). Renderers translate it for each platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rolebot.chart import Chart


class Status(StrEnum):
    OK = "ok"  # answered from the content
    NOT_UNDERSTOOD = "not_understood"  # unknown command, bad or ambiguous argument
    OUT_OF_SCOPE = "out_of_scope"  # a question the content does not cover
    ERROR = "error"  # an internal fault; the reply says so without details


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Fields:
    items: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Fields | Table


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None
    blocks: tuple[Block, ...]
    accent: str | None = None  # a role id, for platforms that colour sections


@dataclass(frozen=True, slots=True)
class Action:
    """A follow-up: a button label and the command text it runs (stateless), in the words of
    the pack that answered. `ref` is what a platform sends back when it is clicked: the command
    and its pack, compact and reversible (`rolebot.followups`), set by the bot."""

    label: str
    command: str
    ref: str = ""

    @property
    def value(self) -> str:
        return self.ref or self.command


@dataclass(frozen=True, slots=True)
class Reply:
    title: str
    summary: str | None = None
    sections: tuple[Section, ...] = ()
    actions: tuple[Action, ...] = ()
    source: str | None = None
    status: Status = Status.OK
    command: str | None = None  # the canonical command that produced this reply
    accent: str | None = None  # a role id, when the whole reply is about one role
    colours: dict[str, str] = field(default_factory=dict)  # role id -> colour, from the content
    # what a reply to a plain question answered, one entry per part ("salary senior ml",
    # "smalltalk"); empty means just `command`
    answers: tuple[str, ...] = ()
    pack: str | None = None  # the pack that answered, when it is not the default one
    chart: Chart | None = None  # a picture of what the reply shows (the salary bands)
    ref: str = ""  # `command` and `pack` as a platform sends them back (Share), set by the bot

    @property
    def value(self) -> str:
        return self.ref or self.command or ""

    @property
    def ok(self) -> bool:
        return self.status is Status.OK
