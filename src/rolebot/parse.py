"""Command text -> `Invocation`, or a `ParseProblem` saying what was not understood.

Accepted shapes: `/salary senior ml`, `salary senior ml`, `/rolebot salary senior ml`,
with a leading bot mention allowed. Arguments come in any order and any case; what each
argument means is its kind's business (`rolebot.kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rolebot.kinds import ParseProblem, Word, scan_words
from rolebot.limits import MAX_INPUT_CHARS
from rolebot.registry import Command, Invocation, PackContext
from rolebot.words import clean, strip_mentions


@dataclass
class CommandLine:
    """Input split into its command word (if any) and the rest."""

    slash: bool
    word: str
    rest: str


def split_command(raw: str, umbrella: str) -> CommandLine:
    text = strip_mentions(clean(raw[:MAX_INPUT_CHARS])).strip()
    if text.lower().startswith("@" + umbrella):  # "@rolebot ..." typed as plain text
        text = text[len(umbrella) + 1 :].strip(" ,:")
    slash = text.startswith("/")
    text = text.lstrip("/").strip()
    word, _, rest = text.partition(" ")
    if word.lower() == umbrella:  # "/rolebot ..." takes a command or a plain question
        inner = rest.strip()
        slash = inner.startswith("/")
        word, _, rest = inner.lstrip("/").partition(" ")
    return CommandLine(slash, word, rest.strip())


def parse_args(ctx: PackContext, command: Command, rest: str) -> Invocation | ParseProblem:
    """Each argument read by its kind: a kind that takes the rest of the line reads it all;
    role and level words are read together, in any order."""
    inv = Invocation(command=command)
    greedy = next((a.kind for a in command.args if a.kind.greedy), None)
    if greedy is not None:
        problem = greedy.parse(ctx, rest, inv, command.name)
        if problem is not None:
            return problem
        if inv.command_name:
            inv.target = ctx.registry.find(inv.command_name)
        return inv
    words = [a.kind for a in command.args if isinstance(a.kind, Word)]
    if not words:
        return inv  # a command without arguments ignores trailing words
    problem = scan_words(ctx, words, rest, inv, command.name)
    return problem if problem is not None else inv
