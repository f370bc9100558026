"""`rolebot content new NAME`: a minimal pack that validates, for an author to fill in.

Every text is a placeholder that says what belongs there; figures are zeros. Nothing here is
a fact: the author replaces all of it from their own source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli_w

from rolebot.content.fmt import canonical

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
TODO = "TODO: "


def _files(name: str) -> dict[str, dict[str, Any]]:
    roles = [("first", "First Role"), ("second", "Second Role")]
    hints = {"examples": [f"{TODO}a question people ask"], "terms": [f"{TODO.strip(': ').lower()}-term"]}
    profile = {
        "owns": f"{TODO}what this role owns",
        "summary": f"{TODO}one sentence on the role",
        "signals": [f"{TODO}a typical piece of work"],
        "background": f"{TODO}where people in the role come from",
        "value": f"{TODO}the value the role creates",
        "week": {"intro": f"{TODO}a typical week:", "tasks": [f"{TODO}a task"]},
        "skills": {"weight": "Medium", "summary": f"{TODO}the skill stack", "items": [f"{TODO}a skill"]},
        "wins": [{"title": f"{TODO}where it wins", "detail": f"{TODO}why"}],
    }
    return {
        "pack.toml": {
            "id": name,
            "title": f"{TODO}First Role vs Second Role",
            "summary": f"{TODO}what this pack answers",
            "covers": f"{TODO}the roles, region and year this pack covers",
            "source": {
                "title": f"{TODO}source title",
                "author": f"{TODO}author",
                "publisher": f"{TODO}publisher",
                "year": 2026,
                "ask": hints,
            },
        },
        "vocabulary.toml": {
            "ignore": ["the", "a", "an"],
            "roles": [
                {
                    "id": rid,
                    "name": rname,
                    "full_name": rname,
                    "short": rid.capitalize(),
                    "aliases": [f"{rid}-role"],
                }
                for rid, rname in roles
            ],
            "levels": [
                {"id": "entry", "name": "Entry", "aliases": []},
                {"id": "lead", "name": "Lead", "aliases": []},
            ],
        },
        "roles.toml": {
            "overview": {
                "headline": f"{TODO}the one-line difference",
                "both": f"{TODO}what the roles share",
                "ask": hints,
            },
            "profiles": {rid: profile for rid, _ in roles},
            "topics": {"role": hints, "day": hints, "skills": hints, "wins": hints},
        },
        "salary.toml": {
            "salary": {
                "title": "Salary bands",
                "region": f"{TODO}region",
                "year": 2026,
                "currency_symbol": "£",
                "unit": "k",
                "summary": f"{TODO}one line on pay",
                "bands": [
                    {"level": lv, "role": rid, "low": 0, "high": 0}
                    for lv in ("entry", "lead")
                    for rid, _ in roles
                ],
                "ask": hints,
            }
        },
        "decision.toml": {
            "decision": {
                "title": "The decision rule",
                "summary": f"{TODO}how to choose",
                "questions": [
                    {
                        "id": "fit",
                        "prompt": f"{TODO}the deciding question?",
                        "why": f"{TODO}why it matters",
                        "options": [
                            {"id": "first", "label": "First Role"},
                            {"id": "second", "label": "Second Role"},
                        ],
                    }
                ],
                "rules": [
                    {
                        "id": "fit",
                        "when": {"fit": ["first", "second"]},
                        "outcome": "from:fit",
                        "title": f"{TODO}rule title",
                        "reason": f"{TODO}the reason",
                    }
                ],
                "ask": hints,
            }
        },
        "guides.toml": {
            "pivot": {
                "title": f"{TODO}moving in",
                "summary": f"{TODO}summary",
                "steps_title": "The path",
                "steps": [f"{TODO}step"],
                "timing": f"{TODO}how long",
                "ask": hints,
            },
            "mistakes": {
                "title": f"{TODO}mistakes",
                "items": [{"title": f"{TODO}a mistake", "detail": f"{TODO}why"}],
                "ask": hints,
            },
            "cv": {
                "title": "What to put on your CV",
                "summary": f"{TODO}summary",
                "advice": [
                    {"role": rid, "focus": f"{TODO}focus", "examples": [f"{TODO}an example bullet"]}
                    for rid, _ in roles
                ],
                "both": {"focus": f"{TODO}focus", "better": f"{TODO}better", "worse": f"{TODO}worse"},
                "ask": hints,
            },
            "verdict": {
                "title": "Final verdict",
                "summary": f"{TODO}summary",
                "points": [f"{TODO}a point"],
                "ask": hints,
            },
        },
        "faq.toml": {
            "faq": [
                {
                    "question": f"{TODO}a frequently asked question?",
                    "answer": [f"{TODO}the answer"],
                    "ask": hints,
                }
            ]
        },
    }


def new_pack(root: Path, name: str) -> Path:
    """Write the scaffold to `root/name`; raises ValueError for a bad or taken name."""
    if not SLUG.match(name):
        raise ValueError(f"pack name {name!r}: use 2-41 lower-case letters, digits and hyphens")
    dest = root / name
    if dest.exists():
        raise ValueError(f"{dest} already exists")
    dest.mkdir(parents=True)
    header = f"# Scaffolded by `rolebot content new {name}`: replace every TODO from your source.\n"
    for filename, data in _files(name).items():
        (dest / filename).write_text(canonical(header + tomli_w.dumps(data)), encoding="utf-8")
    return dest
