"""The one declaration of every command: name, aliases, description, usage and typed
arguments. It drives the parser, help, the Slack manifest and the Discord command JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache, cached_property, lru_cache
from typing import Protocol

from rolebot.content.models import Pack
from rolebot.kinds import Kind, Values
from rolebot.reply import Reply
from rolebot.vocab import Vocabulary
from rolebot.words import distance, typo_budget


@dataclass(frozen=True)
class Arg:
    name: str
    kind: Kind
    description: str
    required: bool = False


@dataclass
class Invocation(Values):
    """A parsed command call: the command and what its arguments said."""

    command: Command = field(kw_only=True)
    target: Command | None = None  # a command named as the argument (help salary)

    def key(self) -> tuple[object, ...]:
        """Everything the call says, as a hashable value: a handler's answer depends on its
        pack and this alone, so equal keys get equal answers. Built from every field, so a
        field added later is part of it."""
        out: list[object] = []
        for name in _invocation_fields():
            value = getattr(self, name)
            kind = type(value)
            if kind is list:
                value = tuple(value)
            elif kind is dict:  # in the order given: a reply may follow it (decide's next step)
                value = tuple(value.items())
            elif kind is Command:
                value = value.name
            out.append(value)
        return tuple(out)


@cache
def _invocation_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Invocation))


Handler = Callable[["PackContext", Invocation], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str  # one line, at most 100 characters (Discord's limit)
    handler: Handler
    aliases: tuple[str, ...] = ()
    args: tuple[Arg, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def usage(self) -> str:
        parts = [self.name]
        for a in self.args:
            label = "..." if a.kind.many else ""
            parts.append(f"<{a.name}{label}>" if a.required else f"[{a.name}{label}]")
        return " ".join(parts)

    @property
    def usage_hint(self) -> str:
        return self.usage.partition(" ")[2]

    def takes(self, kind: Kind) -> bool:
        return any(a.kind is kind for a in self.args)

    def examples_for(self, pack: Pack) -> list[str]:
        """The examples with the pack's own words put in for `{level}`, `{role}`, `{role2}`,
        `{answers}`, `{faq}`, `{question}` and `{work}`, so that every example runs on any pack."""
        levels = [lv.id for lv in pack.levels]
        roles = [r.id for r in pack.roles]
        asked = [q for q in pack.decision.questions if q.default is None][:2]
        values = {
            "level": levels[len(levels) // 2],
            "role": roles[0],
            "role2": roles[-1],
            "answers": " ".join(f"{q.id}:{q.options[-1 if i == 0 else 1].id}" for i, q in enumerate(asked)),
            "faq": str(min(2, len(pack.faq))),
            "question": pack.faq[min(1, len(pack.faq) - 1)].question,
            "work": pack.profiles[roles[-1]].signals[0] if roles[-1] in pack.profiles else "the work",
        }
        return [e.format(**values).strip() for e in self.examples]


@dataclass
class Registry:
    commands: tuple[Command, ...]
    umbrella: str = "rolebot"
    _index: dict[str, Command] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for cmd in self.commands:
            if len(cmd.summary) > 100:
                raise ValueError(f"command {cmd.name!r}: summary over 100 characters")
            for word in (cmd.name, *cmd.aliases):
                if word in self._index or word == self.umbrella:
                    raise ValueError(f"command word {word!r} is declared twice")
                self._index[word] = cmd

    def find(self, word: str) -> Command | None:
        return self._index.get(word.lower().lstrip("/"))

    def words(self) -> Iterator[str]:
        return iter(self._index)

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)

    def suggest(self, word: str) -> list[str]:
        """Command names a mistyped word may mean, nearest first. The same typos come again
        and again ("/salry"), so the last answers are kept (the registry never changes)."""
        return list(self._suggested(word.lower()[:64]))

    @cached_property
    def _suggested(self) -> Callable[[str], tuple[str, ...]]:
        return lru_cache(maxsize=1024)(lambda word: tuple(self._suggest(word)))

    def _suggest(self, word: str) -> list[str]:
        budget = max(typo_budget(word), 1) + 1
        scored = []
        for w, cmd in self._index.items():
            d = distance(word, w, budget)
            if d <= budget or (len(word) >= 3 and w.startswith(word)):
                scored.append((d, cmd.name))
        out: list[str] = []
        for _, name in sorted(scored):
            if name not in out:
                out.append(name)
        return out[:3]

    def reserved(self) -> dict[str, str]:
        """Every command word, with the command it names: words a pack's roles and levels may
        not take (checked when content loads)."""
        return {w: f"command {c.name!r}" for w, c in self._index.items()}


class Asking(Protocol):
    """How a handler has a plain question answered (`ask`, `more`, `faq WORDS`), given to
    the context by the layer that routes questions."""

    def answer(self, text: str) -> Reply: ...

    def best_faq(self, text: str) -> int | None: ...

    def classify(self, text: str) -> tuple[str, dict[str, list[str]]]:
        """Described work: "mixed" or a role id ("" when no work is found), and the
        markers found per role."""
        ...


class PackContext:
    """What a command handler gets: one pack, its words, the commands, every loaded pack's
    id and title, and how to have a plain question answered."""

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
        self.asking: Asking | None = None  # set by the layer that answers questions

    @property
    def ask(self) -> Asking:
        if self.asking is None:
            raise RuntimeError("no question answering is attached to this pack's context")
        return self.asking

    def command_names(self) -> list[str]:
        return [c.name for c in self.registry]

    def command_name(self, word: str) -> str | None:
        cmd = self.registry.find(word)
        return cmd.name if cmd is not None else None

    def suggest_commands(self, word: str) -> list[str]:
        return self.registry.suggest(word)

    def best_faq(self, text: str) -> int | None:
        return self.ask.best_faq(text)

    def role_name(self, role_id: str) -> str:
        return self.pack.role(role_id).name

    def level_name(self, level_id: str) -> str:
        return self.pack.level(level_id).name
