"""Every command the bot answers, declared once: name, aliases, summary, arguments and
examples, with the handler that answers it. The parser, help, the Slack manifest and the
Discord command JSON are all read from here."""

from __future__ import annotations

from rolebot.answers import advice, decide, faq, meta, roles, salary, title
from rolebot.kinds import ANSWERS, COMMAND, FAQ, LEVEL, ROLE, TEXT
from rolebot.registry import Arg, Command, Registry

ROLE_ARG = Arg("role", ROLE, "Which role; leave out for both")

REGISTRY = Registry(
    (
        Command(
            "help",
            "List the commands, or explain one",
            meta.help_,
            ("commands", "h", "start"),
            (Arg("command", COMMAND, "A command to explain"),),
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
            (ROLE_ARG,),
            ("role {role}", "role {role2}"),
        ),
        Command(
            "day",
            "A typical week in the role",
            roles.day,
            ("week", "tasks", "daily"),
            (ROLE_ARG,),
            ("day {role}", "day {role2}"),
        ),
        Command(
            "skills",
            "The skill stack of the role",
            roles.skills,
            ("skill", "stack", "tools"),
            (ROLE_ARG,),
            ("skills {role}", "skills {role2}"),
        ),
        Command(
            "wins",
            "Where each role wins: companies and reasons",
            roles.wins,
            ("market", "fit", "companies"),
            (ROLE_ARG,),
            ("wins {role}", "wins {role2}"),
        ),
        Command(
            "salary",
            "Salary bands by level and role, with premiums and remarks",
            salary.salary,
            ("pay", "salaries", "comp", "bands"),
            (
                Arg("level", LEVEL, "Seniority; leave out for every level"),
                Arg("role", ROLE, "Which role; leave out for both"),
            ),
            ("salary", "salary {level} {role}", "salary {role2}", "salary {level}"),
        ),
        Command(
            "title",
            "Which title described work carries: paste a job description or list the tasks",
            title.title,
            ("classify", "whichtitle"),
            (Arg("work", TEXT, "The work or job description", required=True),),
            ("title {work}",),
        ),
        Command(
            "decide",
            "Which role to take: the decision rule, one question at a time",
            decide.decide,
            ("choose", "decision", "decider"),
            (Arg("answers", ANSWERS, "Answers so far, as question:answer"),),
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
            (ROLE_ARG,),
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
            (Arg("question", FAQ, "A question number or a few words from it"),),
            ("faq", "faq {faq}"),
        ),
        Command(
            "more",
            "The whole answer behind a short one",
            meta.more,
            ("details",),
            (Arg("command", TEXT, "The command to show in full", required=True),),
            ("more salary {level} {role}",),
        ),
        Command(
            "ask",
            "Ask a question in plain words",
            faq.ask,
            ("q", "question"),
            (Arg("question", TEXT, "Your question", required=True),),
            ("ask {question}",),
        ),
    )
)
