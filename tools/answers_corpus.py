"""The answers corpus: every command with every argument the shipped content allows and every
question of the first evaluation set, answered and rendered as text. The file keeps, for each,
its title and a hash of the whole rendered answer; a test compares today's answers with it, so
work on speed cannot change an answer unnoticed. `python tools/answers_corpus.py --full` prints
the answers themselves. After a change that means to change answers, write it again and review
the diff: python tools/answers_corpus.py --write"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "answers.txt"


def answers() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from rolebot.bot import Bot
    from rolebot.render.text import render_text
    from rolebot.settings import Settings
    from tests.conftest import CONTENT, all_command_texts

    bot = Bot(settings=Settings(content=CONTENT))
    questions = [c["q"] for c in tomllib.loads((ROOT / "tests" / "ask_eval.toml").read_text())["case"]]
    texts = [*all_command_texts(bot.context()), *(f"ask {q}" for q in questions)]
    return [(t, render_text(bot.answer(t))) for t in texts]


def corpus() -> str:
    import hashlib

    return "".join(
        f"{hashlib.sha256(out.encode()).hexdigest()[:16]}  {t}  ->  {out.splitlines()[0][:60]}\n"
        for t, out in answers()
    )


if __name__ == "__main__":
    if "--write" in sys.argv:
        CORPUS.write_text(corpus())
        print(f"wrote {CORPUS}")
    elif "--full" in sys.argv:
        print("".join(f"=== {t}\n{out}" for t, out in answers()), end="")
    else:
        print(corpus(), end="")
