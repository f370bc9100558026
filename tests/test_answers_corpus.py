"""Answers do not change unnoticed: today's answers to every command and every first-set
question, rendered as text, as Slack's JSON and as Discord's, are byte-identical to the reviewed
corpus in tests/fixtures/.
(Rewrite it with `python tools/answers_corpus.py --write` when a change means to change them.)"""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_answers_are_byte_identical_to_the_corpus() -> None:
    spec = importlib.util.spec_from_file_location("answers_corpus", ROOT / "tools" / "answers_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.CORPUS.read_text().splitlines()
    got = module.corpus().splitlines()
    changed = [g for g, e in zip(got, expected, strict=False) if g != e]
    assert len(got) == len(expected) and not changed, f"{len(changed)} answers changed, first: {changed[:3]}"
    assert len(got) > 200
