"""The router learns from real questions (`questions.toml`), written by
tools/learn_questions.py from the dev sets, never from the held-out set."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from rolebot.words import tokens

ROOT = Path(__file__).resolve().parents[1]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("learn_questions", ROOT / "tools" / "learn_questions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_become_router_answers() -> None:
    tool = _tool()
    assert tool.answer_of("salary senior ml") == "salary"
    assert tool.answer_of("faq 2|salary senior") == "faq 2"
    assert tool.answer_of("salary + pivot") is None  # several parts teach no one answer
    assert tool.answer_of("refuse") is None and tool.answer_of("title ai") is None


def test_questions_near_a_held_out_one_are_left_out(tmp_path: Path) -> None:
    tool = _tool()
    dev = tmp_path / "dev.toml"
    dev.write_text(
        '[[case]]\nq = "whats a senior MLE on in the UK these days"\nexpect = "salary senior ml"\n'
        '[[case]]\nq = "what does an AI engineer do all week"\nexpect = "day ai"\n'
    )
    held = tmp_path / "held.toml"
    held.write_text('[[case]]\nq = "whats a senior MLE on in the UK these days?"\nexpect = "salary"\n')
    out = tmp_path / "questions.toml"
    tool.main(str(out), [str(dev)], [str(held)])
    rows = tomllib.loads(out.read_text())["questions"]
    assert rows == [{"text": "what does an AI engineer do all week", "answer": "day"}]


def test_the_shipped_questions_hold_no_held_out_question() -> None:
    shipped = tomllib.loads((ROOT / "content" / "ai-vs-ml-engineer" / "questions.toml").read_text())
    held = tomllib.loads((ROOT / "tests" / "eval" / "heldout.toml").read_text())["case"]
    held_words = [set(tokens(c["q"])) for c in held]
    tool = _tool()
    close = [
        q["text"]
        for q in shipped["questions"]
        if any(tool.near(set(tokens(q["text"])), h) for h in held_words)
    ]
    assert close == []


def test_a_typo_learned_from_a_question_does_not_hide_the_word_it_stands_for(bot) -> None:  # type: ignore[no-untyped-def]
    router = bot.router()
    assert router.correct("skils") == "skill"  # "skil" is only known from a learned question
