"""The one declaration of every command: name, aliases, description, usage and typed
arguments. It drives the parser, help, the Slack manifest and the Discord command JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolebot.content.models import Pack
    from rolebot.context import Context, Invocation
    from rolebot.reply import Reply

Handler = Callable[["Context", "Invocation"], "Reply"]


class ArgKind(StrEnum):
    ROLE = "role"  # choices: the pack's roles
    LEVEL = "level"  # choices: the pack's levels
    FAQ = "faq"  # a question number or words to match
    TEXT = "text"  # free text, the rest of the line
    ANSWERS = "answers"  # question:answer pairs of the decision rule
    COMMAND = "command"  # a command name


@dataclass(frozen=True)
class Arg:
    name: str
    kind: ArgKind
    description: str
    required: bool = False


@dataclass(frozen=True)
class Command:
    name: str
    summary: str  # one line, at most 100 characters (Discord's limit)
    handler: Handler
    aliases: tuple[str, ...] = ()
    args: tuple[Arg, ...] = ()
    examples: tuple[str, ...] = ()
    details: str = ""

    @property
    def usage(self) -> str:
        parts = [self.name]
        for a in self.args:
            label = "..." if a.kind in (ArgKind.TEXT, ArgKind.ANSWERS) else ""
            parts.append(f"<{a.name}{label}>" if a.required else f"[{a.name}{label}]")
        return " ".join(parts)

    @property
    def usage_hint(self) -> str:
        return self.usage.partition(" ")[2]

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


def _build() -> Registry:
    from rolebot.answers import advice, decide, faq, meta, roles, salary, title

    role_arg = Arg("role", ArgKind.ROLE, "Which role; leave out for both")
    return Registry(
        (
            Command(
                "help",
                "List the commands, or explain one",
                meta.help_,
                ("commands", "h", "start"),
                (Arg("command", ArgKind.COMMAND, "A command to explain"),),
                ("help", "help salary"),
            ),
            Command(
                "about",
                "The source article and how to cite it",
                meta.about,
                ("source", "sources", "cite", "credits"),
                examples=("about",),
            ),
            Command(
                "compare",
                "The one-line difference, then both roles side by side",
                roles.compare,
                ("difference", "diff", "overview"),
                examples=("compare",),
            ),
            Command(
                "role",
                "What a role owns, where people come from and the value it creates",
                roles.role,
                ("profile",),
                (role_arg,),
                ("role {role}", "role {role2}"),
            ),
            Command(
                "day",
                "A typical week in the role",
                roles.day,
                ("week", "tasks", "daily"),
                (role_arg,),
                ("day {role}", "day {role2}"),
            ),
            Command(
                "skills",
                "The skill stack of the role",
                roles.skills,
                ("skill", "stack", "tools"),
                (role_arg,),
                ("skills {role}", "skills {role2}"),
            ),
            Command(
                "wins",
                "Where each role wins: companies and reasons",
                roles.wins,
                ("market", "fit", "companies"),
                (role_arg,),
                ("wins {role}", "wins {role2}"),
            ),
            Command(
                "salary",
                "Salary bands by level and role, with premiums and remarks",
                salary.salary,
                ("pay", "salaries", "comp", "bands"),
                (
                    Arg("level", ArgKind.LEVEL, "Seniority; leave out for every level"),
                    Arg("role", ArgKind.ROLE, "Which role; leave out for both"),
                ),
                ("salary", "salary {level} {role}", "salary {role2}", "salary {level}"),
            ),
            Command(
                "title",
                "Which title described work carries: paste a job description or list the tasks",
                title.title,
                ("classify", "whichtitle"),
                (Arg("work", ArgKind.TEXT, "The work or job description", required=True),),
                ("title {work}",),
            ),
            Command(
                "decide",
                "Which role to take: the decision rule, one question at a time",
                decide.decide,
                ("choose", "decision", "decider"),
                (Arg("answers", ArgKind.ANSWERS, "Answers so far, as question:answer"),),
                ("decide", "decide {answers}"),
            ),
            Command(
                "pivot",
                "How to move into the roles: the path and its timings",
                advice.pivot,
                ("switch", "transition", "breakin"),
                examples=("pivot",),
            ),
            Command(
                "mistakes",
                "Common mistakes candidates make",
                advice.mistakes,
                ("pitfalls", "mistake"),
                examples=("mistakes",),
            ),
            Command(
                "cv",
                "What to put on your CV, with example bullets",
                advice.cv,
                ("resume", "cvs"),
                (role_arg,),
                ("cv", "cv {role}", "cv {role2}"),
            ),
            Command(
                "verdict",
                "The bottom line",
                advice.verdict,
                ("tldr", "summary", "bottomline"),
                examples=("verdict",),
            ),
            Command(
                "faq",
                "Frequently asked questions: list, a number, or words to match",
                faq.faq,
                ("faqs", "questions"),
                (Arg("question", ArgKind.FAQ, "A question number or a few words from it"),),
                ("faq", "faq {faq}"),
            ),
            Command(
                "more",
                "The whole answer behind a short one",
                meta.more,
                ("details",),
                (Arg("command", ArgKind.TEXT, "The command to show in full", required=True),),
                ("more salary {level} {role}",),
            ),
            Command(
                "ask",
                "Ask a question in plain words",
                faq.ask,
                ("q", "question"),
                (Arg("question", ArgKind.TEXT, "Your question", required=True),),
                ("ask {question}",),
            ),
        )
    )


REGISTRY: Registry  # built on first use, so that handler modules can import the types above


def __getattr__(name: str) -> Registry:
    if name == "REGISTRY":
        registry = _build()
        globals()["REGISTRY"] = registry
        return registry
    raise AttributeError(name)
