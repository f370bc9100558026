"""The answers corpus: every command with every argument the shipped content allows and every
question of the first evaluation set, answered and rendered as text, as Slack's JSON and as
Discord's. The file keeps, for each, its title and a hash of each whole rendering (text, Slack,
Discord); a test compares today's answers with it, so
work on speed cannot change an answer unnoticed. `python tools/answers_corpus.py --full` prints
the answers themselves. After a change that means to change answers, write it again and review
the diff: python tools/answers_corpus.py --write"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "answers.txt"


def answers(platforms: bool = False) -> list[tuple[str, str, str, str]]:
    """(text, its answer as text, as Slack's JSON, as Discord's JSON); the last two are empty
    unless `platforms`."""
    sys.path.insert(0, str(ROOT))
    import json

    from rolebot.bot import Bot
    from rolebot.render.text import render_text
    from rolebot.settings import Settings
    from rolebot_discord.payload import render_discord
    from rolebot_slack.blocks import render_slack
    from tests.conftest import CONTENT, all_command_texts

    bot = Bot(settings=Settings(content=CONTENT))
    questions = [c["q"] for c in tomllib.loads((ROOT / "tests" / "ask_eval.toml").read_text())["case"]]
    texts = [*all_command_texts(bot.context()), *(f"ask {q}" for q in questions)]
    out = []
    for t in texts:
        reply = bot.answer(t)
        slack = json.dumps(render_slack(reply)) if platforms else ""
        discord = json.dumps(render_discord(reply)) if platforms else ""
        out.append((t, render_text(reply), slack, discord))
    return out


def corpus() -> str:
    import hashlib

    def h(s: str) -> str:
        return hashlib.sha256(s.encode()).hexdigest()[:16]

    return "".join(
        f"{h(text)} {h(slack)} {h(discord)}  {t}  ->  {text.splitlines()[0][:60]}\n"
        for t, text, slack, discord in answers(platforms=True)
    )


if __name__ == "__main__":
    if "--write" in sys.argv:
        CORPUS.write_text(corpus())
        print(f"wrote {CORPUS}")
    elif "--full" in sys.argv:
        print("".join(f"=== {t}\n{out}" for t, out, _, _ in answers()), end="")
    else:
        print(corpus(), end="")
