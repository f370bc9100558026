"""Replies are written in our own words, and every follow-up a reply offers works.

Over every command with every argument combination, every question of the evaluation sets
and everything reachable from them by following actions: no reply line shares 12 or more
consecutive words with the source article, and every action runs to an answer."""

from __future__ import annotations

import re
import sys
import tomllib

import pytest

from rolebot.render.text import render_text
from rolebot.reply import Status
from tests.conftest import ROOT, all_command_texts, crawl, source_text

RUN = 12  # consecutive words that make a copied line
WORD = re.compile(r"[a-z0-9£%]+(?:[.'-][a-z0-9£%]+)*")


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return WORD.findall(text)


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def questions() -> list[str]:
    out = [c["q"] for c in tomllib.loads((ROOT / "tests" / "ask_eval.toml").read_text())["case"]]
    # every eval question's reply and follow-ups are checked (answers are checked, never tuned on)
    for name in sorted(p.name for p in (ROOT / "tests" / "eval").glob("*.toml")):
        out += [c["q"] for c in tomllib.loads((ROOT / "tests" / "eval" / name).read_text())["case"]]
    return out


@pytest.fixture(scope="module")
def replies(bot, ctx):  # type: ignore[no-untyped-def]
    seeds = all_command_texts(ctx) + [f"ask {q}" for q in questions()]
    return crawl(bot, seeds), set(seeds)


def test_no_reply_line_copies_the_article(replies) -> None:  # type: ignore[no-untyped-def]
    copied = runs(" ".join(source_text().split()))
    found = []
    for text, reply in replies[0].items():
        for line in render_text(reply).splitlines():
            if runs(line) & copied:
                found.append((text, line))
    unique = sorted({line for _, line in found})
    assert unique == [], f"{len(unique)} lines copy {RUN}+ words, e.g. {found[:3]}"


def test_every_follow_up_runs_to_an_answer(replies) -> None:  # type: ignore[no-untyped-def]
    crawled, seeds = replies
    assert len(crawled) > len(seeds)  # follow-ups were reached
    broken = [text for text, reply in crawled.items() if text not in seeds and reply.status is not Status.OK]
    assert broken == []


if __name__ == "__main__":  # print the copied lines, for whoever rewrites the content
    sys.path.insert(0, str(ROOT))
    from rolebot.bot import Bot

    bot = Bot()
    copied = runs(" ".join(source_text().split()))
    seeds = all_command_texts(bot.context()) + [f"ask {q}" for q in questions()]
    lines = set()
    for reply in crawl(bot, seeds).values():
        for line in render_text(reply).splitlines():
            if runs(line) & copied:
                lines.add(line)
    for line in sorted(lines):
        print(line)
    print(len(lines), "lines", file=sys.stderr)
