"""Typed models of a content pack.

The models are plain frozen dataclasses so that a validated pack can be cached and loaded
without importing pydantic; pydantic validates them (unknown keys forbidden) in `loader`.
They compare by identity (`eq=False`): nothing compares two content objects field by field,
and leaving out the generated comparison methods takes a third off the cost of importing
this module, which every start pays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any


class _Bound:
    """A bound pydantic checks when it validates content: what annotated_types' `MinLen`, `Ge`
    and `Le` say, applied to the core schema. Written here so that loading a cached pack (no
    validation) imports neither annotated_types nor pydantic."""

    __slots__ = ("key", "value")

    def __init__(self, key: str, value: int) -> None:
        self.key, self.value = key, value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema[self.key] = self.value
        return schema

    def __repr__(self) -> str:
        return f"{self.key}={self.value}"


def MinLen(n: int) -> _Bound:
    return _Bound("min_length", n)


def Ge(n: int) -> _Bound:
    return _Bound("ge", n)


def Le(n: int) -> _Bound:
    return _Bound("le", n)


Text = Annotated[str, MinLen(1)]
TextList = Annotated[tuple[Text, ...], MinLen(1)]
FORBID: dict[str, Any] = {"extra": "forbid", "str_strip_whitespace": True}


@dataclass(frozen=True, eq=False, match_args=False)
class AskHints:
    """What the free-text router matches a unit on: example questions and key terms."""

    __pydantic_config__ = FORBID
    examples: tuple[Text, ...] = ()
    terms: tuple[Text, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class Source:
    __pydantic_config__ = FORBID
    title: Text
    author: Text
    publisher: Text
    year: Annotated[int, Ge(1900), Le(2100)]
    author_role: str = ""
    read_time: str = ""
    about: str = ""
    background: tuple[Text, ...] = ()
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Scope:
    """Topics outside the pack; a question naming one is refused without figures."""

    __pydantic_config__ = FORBID
    other_roles: tuple[Text, ...] = ()
    other_places: tuple[Text, ...] = ()
    other_topics: tuple[Text, ...] = ()
    neutral: tuple[Text, ...] = ()  # words that fit every answer (the pack's region, year)


@dataclass(frozen=True, eq=False, match_args=False)
class Role:
    __pydantic_config__ = FORBID
    id: Text
    name: Text
    full_name: Text
    short: Text
    aliases: tuple[Text, ...] = ()
    colour: str = "#5865f2"


@dataclass(frozen=True, eq=False, match_args=False)
class Level:
    __pydantic_config__ = FORBID
    id: Text
    name: Text
    aliases: tuple[Text, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class Overview:
    __pydantic_config__ = FORBID
    headline: Text
    both: Text
    overlap: str = ""
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Week:
    __pydantic_config__ = FORBID
    intro: Text
    tasks: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class Skills:
    __pydantic_config__ = FORBID
    weight: Text
    summary: Text
    items: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class Win:
    __pydantic_config__ = FORBID
    title: Text
    detail: Text
    companies: tuple[Text, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class Profile:
    __pydantic_config__ = FORBID
    owns: Text
    summary: Text
    signals: TextList
    background: Text
    value: Text
    week: Week
    skills: Skills
    wins: Annotated[tuple[Win, ...], MinLen(1)]


@dataclass(frozen=True, eq=False, match_args=False)
class Band:
    __pydantic_config__ = FORBID
    level: Text
    role: Text
    low: Annotated[int, Ge(0)]
    high: Annotated[int, Ge(0)]


@dataclass(frozen=True, eq=False, match_args=False)
class Premium:
    __pydantic_config__ = FORBID
    label: Text
    role: Text
    percent: Annotated[int, Ge(0), Le(1000)]


@dataclass(frozen=True, eq=False, match_args=False)
class Remark:
    __pydantic_config__ = FORBID
    id: Text
    text: Text
    levels: tuple[Text, ...] = ()
    roles: tuple[Text, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class Salary:
    __pydantic_config__ = FORBID
    title: Text
    region: Text
    year: int
    currency_symbol: Text
    unit: str
    summary: Text
    bands: Annotated[tuple[Band, ...], MinLen(1)]
    premiums: tuple[Premium, ...] = ()
    remarks: tuple[Remark, ...] = ()
    caveat: str = ""
    source_note: str = ""
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Option:
    __pydantic_config__ = FORBID
    id: Text
    label: Text
    aliases: tuple[Text, ...] = ()
    cues: tuple[Text, ...] = ()  # phrases in a described situation that pick this option


@dataclass(frozen=True, eq=False, match_args=False)
class Question:
    __pydantic_config__ = FORBID
    id: Text
    prompt: Text
    why: Text
    options: Annotated[tuple[Option, ...], MinLen(2)]
    how: str = ""
    default: str | None = None
    guided: bool = True
    # phrases that name what this question weighs ("team", "mentors"); with the reading's
    # better/worse words and a role, a described situation answers it
    cues: tuple[Text, ...] = ()
    # the option assumed when a described situation does not say (stated in the answer)
    assume: str | None = None
    # phrases that by themselves say a side is better or worse on this question ("has
    # shipped", "nothing live"): with one role named, a described situation answers it
    better: tuple[Text, ...] = ()
    worse: tuple[Text, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class Rule:
    __pydantic_config__ = FORBID
    id: Text
    when: dict[str, Annotated[tuple[Text, ...], MinLen(1)]]
    outcome: Text
    title: Text
    reason: Text


@dataclass(frozen=True, eq=False, match_args=False)
class Decision:
    __pydantic_config__ = FORBID
    title: Text
    summary: Text
    questions: Annotated[tuple[Question, ...], MinLen(1)]
    rules: Annotated[tuple[Rule, ...], MinLen(1)]
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class PivotRoute:
    __pydantic_config__ = FORBID
    role: Text
    points: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class Notes:
    __pydantic_config__ = FORBID
    items: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class Pivot:
    __pydantic_config__ = FORBID
    title: Text
    summary: Text
    steps_title: Text
    steps: TextList
    timing: Text
    routes: tuple[PivotRoute, ...] = ()
    notes: Notes | None = None
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Mistake:
    __pydantic_config__ = FORBID
    title: Text
    detail: Text


@dataclass(frozen=True, eq=False, match_args=False)
class Mistakes:
    __pydantic_config__ = FORBID
    title: Text
    items: Annotated[tuple[Mistake, ...], MinLen(1)]
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class CvAdvice:
    __pydantic_config__ = FORBID
    role: Text
    focus: Text
    examples: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class CvBoth:
    __pydantic_config__ = FORBID
    focus: Text
    better: Text
    worse: Text


@dataclass(frozen=True, eq=False, match_args=False)
class Cv:
    __pydantic_config__ = FORBID
    title: Text
    summary: Text
    advice: tuple[CvAdvice, ...]
    both: CvBoth
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Verdict:
    __pydantic_config__ = FORBID
    title: Text
    summary: Text
    points: TextList
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class Faq:
    __pydantic_config__ = FORBID
    question: Text
    answer: TextList
    see: tuple[Text, ...] = ()
    ask: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class RoleTopics:
    """Router hints of the per-role commands (role, day, skills, wins)."""

    __pydantic_config__ = FORBID
    role: AskHints = field(default_factory=AskHints)
    day: AskHints = field(default_factory=AskHints)
    skills: AskHints = field(default_factory=AskHints)
    wins: AskHints = field(default_factory=AskHints)


@dataclass(frozen=True, eq=False, match_args=False)
class SmallTalk:
    """A kind of small talk (greeting, thanks, who are you) and the one line it gets."""

    __pydantic_config__ = FORBID
    id: Text
    phrases: TextList
    reply: Text


@dataclass(frozen=True, eq=False, match_args=False)
class WorkMarkers:
    """Words and phrases that mark described work as one role's (for `title`)."""

    __pydantic_config__ = FORBID
    role: Text
    markers: TextList


@dataclass(frozen=True, eq=False, match_args=False)
class Reading:
    """How plain questions are read: the words that tell the subject from the asker's own
    background, requests the content cannot answer, small talk, and the markers of each
    role's work. Words only; every fact stays in the other tables."""

    __pydantic_config__ = FORBID
    # phrases that introduce the asker's own background ("i'm a", "as a", "coming from")
    self_markers: tuple[Text, ...] = ()
    # words that end a job title ("engineer", "scientist"): any title not one of the pack's
    # roles is another role
    title_nouns: tuple[Text, ...] = ()
    # short forms of other roles that stand alone ("sre", "pm")
    other_titles: tuple[Text, ...] = ()
    # titles of people who ask on others' behalf ("recruiter here, what's the senior band?"):
    # never the subject of a question that names no role
    asker_titles: tuple[Text, ...] = ()
    # places inside the pack's region: answered with its figures and `place_note`
    home_places: tuple[Text, ...] = ()
    place_note: str = ""
    # requests for a figure the content does not give (currency, tax, a city): `compute_note`
    compute: tuple[Text, ...] = ()
    compute_note: str = ""
    # entry-level words read as the first level, with `entry_note`
    entry_words: tuple[Text, ...] = ()
    entry_note: str = ""
    # phrases that mean pay in slang ("be on", "take home"), read as the salary topic
    pay_phrases: tuple[Text, ...] = ()
    # "is 140k in band?": words that ask for a judgement of one sum, and the three answers
    # (the sum is never repeated; it is compared with the band the reply shows)
    band_check_cues: tuple[Text, ...] = ()
    in_band: str = ""
    below_band: str = ""
    above_band: str = ""
    # asking what described work is called, or which title a job should carry
    title_cues: tuple[Text, ...] = ()
    # asking what the bot can do ("what can I ask you"): answered with `help`
    help_cues: tuple[Text, ...] = ()
    # describing a choice to make (offers, which to take)
    decision_cues: tuple[Text, ...] = ()
    # in a described choice: words that say one side is better or worse
    better: tuple[Text, ...] = ()
    worse: tuple[Text, ...] = ()
    # phrases that look like level or role words but are not ("a mid-size fintech")
    false_friends: tuple[Text, ...] = ()
    # a question that asks how to do something technical ("how do I set up..."), or which
    # tool is best ("is X better than Y"), and names no role and no `career_words` is
    # outside the pack: it asks for engineering help, not career facts
    how_to_cues: tuple[Text, ...] = ()
    opinion_cues: tuple[Text, ...] = ()
    career_words: tuple[Text, ...] = ()
    smalltalk: tuple[SmallTalk, ...] = ()
    work: tuple[WorkMarkers, ...] = ()


@dataclass(frozen=True, eq=False, match_args=False)
class AskedQuestion:
    """A question as people really ask it, and the answer that answers it: `salary`, `faq 2`,
    `skills`... (the free-text router's answers, without arguments). The router learns its
    words; the answer's own role and level still come from the question."""

    __pydantic_config__ = FORBID
    text: Text
    answer: Text


@dataclass(frozen=True, eq=False, match_args=False)
class Pack:
    """A whole content pack: the union of the top-level keys of all its TOML files."""

    __pydantic_config__ = FORBID
    id: Text
    title: Text
    summary: Text
    covers: Text
    source: Source
    roles: Annotated[tuple[Role, ...], MinLen(2)]
    levels: Annotated[tuple[Level, ...], MinLen(1)]
    overview: Overview
    profiles: dict[str, Profile]
    salary: Salary
    decision: Decision
    pivot: Pivot
    mistakes: Mistakes
    cv: Cv
    verdict: Verdict
    faq: Annotated[tuple[Faq, ...], MinLen(1)]
    ignore: tuple[Text, ...] = ()
    scope: Scope = field(default_factory=Scope)
    topics: RoleTopics = field(default_factory=RoleTopics)
    reading: Reading = field(default_factory=Reading)
    # real questions and what answers them: the router's examples, beside each answer's own
    questions: tuple[AskedQuestion, ...] = ()
    default: bool = False  # the pack used when a command names none
    version: str = ""  # set by the loader: a hash of the pack's files

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)
