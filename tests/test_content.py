"""The shipped content is valid, complete against the source, and errors are precise."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest

from rolebot.commands import REGISTRY
from rolebot.content import ContentErrors, load_pack, load_packs
from rolebot.render.text import render_text
from tests.conftest import CONTENT, all_command_texts, source_text

NAMES = [
    "OpenAI",
    "Anthropic",
    "DeepMind",
    "Google Research",
    "Meta FAIR",
    "Citadel",
    "Jane Street",
    "Two Sigma",
    "Synthesia",
    "ElevenLabs",
    "Builder.ai",
    "Cohere",
    "vLLM",
    "TensorRT",
    "W&B",
    "Kubeflow",
    "Ray",
    "PyTorch",
    "JAX",
    "CUDA",
    "Sonnet",
    "Haiku",
    "Claude Sonnet",
    "FSDP",
    "4×H100",
    "4×A100",
    "7B",
    "RAG",
    "London premium",
    "consultancy",
    "fintech",
    "Prompt Engineers",
    "Alex",
    "JobLabs",
    "Founder & Head of Recruitment Insights",
]
FIGURE = [r"£\d+(?:-\d+)?k", r"\d+(?:\.\d+)?%", r"\d+-\d+", r"\d+x\b", r"\d{1,3},\d{3}", r"\d+×[A-Z]\d+"]


@pytest.fixture(scope="module")
def corpus(bot, ctx) -> str:  # type: ignore[no-untyped-def]
    """Every reply, short and in full (`more`): every fact must be reachable in one of them."""
    texts = all_command_texts(ctx)
    return "\n".join(render_text(bot.answer(t)) for t in [*texts, *(f"more {t}" for t in texts)])


def test_shipped_content_loads() -> None:
    packs = load_packs(CONTENT)
    assert list(packs) == ["ai-vs-ml-engineer"]
    pack = packs["ai-vs-ml-engineer"]
    assert [r.id for r in pack.roles] == ["ml", "ai"]
    assert [lv.id for lv in pack.levels] == ["junior", "mid", "senior", "staff"]
    assert len(pack.faq) == 6 and len(pack.mistakes.items) == 3
    assert len(pack.salary.bands) == 8
    assert re.fullmatch(r"[0-9a-f]{16}", pack.version)


def test_every_figure_of_the_source_is_reachable(corpus: str) -> None:
    source = source_text()
    figures = {m for p in FIGURE for m in re.findall(p, source)}
    assert len(figures) > 30
    missing = sorted(f for f in figures if f not in corpus)
    assert missing == []


def test_every_name_of_the_source_is_reachable(corpus: str) -> None:
    missing = [n for n in NAMES if n not in corpus]
    assert missing == []


def test_salary_table_is_exactly_the_articles(bot) -> None:  # type: ignore[no-untyped-def]
    text = render_text(bot.answer("salary"))
    expected = [
        ("Junior", "£50-70k", "same"),
        ("Mid", "£75-110k", "same"),
        ("Senior", "£120-165k", "£115-160k"),
        ("Staff/Principal", "£170-220k", "£165-200k"),
        ("London premium", "28%", "same"),
    ]
    for row in expected:
        assert re.search(r"\s+".join(re.escape(c) for c in row), text), row


def test_no_figure_is_invented(corpus: str) -> None:
    """Every money figure and percentage a reply shows is one the article states."""
    source = source_text()
    for pattern in (r"£\d+(?:-\d+)?k", r"\d+(?:\.\d+)?%"):
        shown = set(re.findall(pattern, corpus))
        assert shown <= set(re.findall(pattern, source)), shown - set(re.findall(pattern, source))


def _break(pack: Path, file: str, old: str, new: str) -> None:
    path = pack / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _edit(pack: Path, file: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change a content file structurally (load, mutate, write back)."""
    import tomllib

    import tomli_w

    path = pack / file
    data = tomllib.loads(path.read_text())
    change(data)
    path.write_text(tomli_w.dumps(data))


def _errors(pack: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_pack(pack, reserved=REGISTRY.reserved())
    return [str(e) for e in info.value.errors]


def test_unknown_key_names_file_and_path(pack_copy: Path) -> None:
    _edit(pack_copy, "roles.toml", lambda d: d["profiles"]["ml"].update(ownz=1))
    errors = _errors(pack_copy)
    assert any("roles.toml: profiles.ml.ownz: unknown key" in e for e in errors), errors


def test_wrong_type_names_file_and_path(pack_copy: Path) -> None:
    _edit(pack_copy, "salary.toml", lambda d: d["salary"]["bands"][4].update(low="a lot"))
    errors = _errors(pack_copy)
    assert any("salary.toml: salary.bands[4].low:" in e and "integer" in e for e in errors), errors


def test_missing_key(pack_copy: Path) -> None:
    _edit(pack_copy, "guides.toml", lambda d: d["pivot"].pop("timing"))
    assert any("guides.toml: pivot.timing: required key is missing" in e for e in _errors(pack_copy))


def test_toml_syntax_error_gives_line(pack_copy: Path) -> None:
    _break(pack_copy, "faq.toml", "[[faq]]", "[[faq]\n")
    errors = _errors(pack_copy)
    assert len(errors) == 1 and "faq.toml" in errors[0] and "line 3" in errors[0], errors


def test_band_must_name_defined_level_and_role(pack_copy: Path) -> None:
    _edit(pack_copy, "salary.toml", lambda d: d["salary"]["bands"][2].update(level="middling", role="mx"))
    errors = _errors(pack_copy)
    assert any("salary.toml: salary.bands[2].level: unknown level 'middling'" in e for e in errors)
    assert any("salary.toml: salary.bands[2].role: unknown role 'mx'" in e for e in errors)


def test_aliases_are_unique_across_roles_levels_and_commands(pack_copy: Path) -> None:
    _edit(
        pack_copy,
        "vocabulary.toml",
        lambda d: d["levels"][3]["aliases"].__setitem__(slice(0, 0), ["mle", "salary"]),
    )
    errors = _errors(pack_copy)
    assert any(
        "vocabulary.toml: levels[3].aliases[0]: alias 'mle' is already used by role 'ml'" in e for e in errors
    ), errors
    assert any(
        "levels[3].aliases[1]: alias 'salary' is already used by command 'salary'" in e for e in errors
    )


def test_decision_rules_refer_to_defined_answers(pack_copy: Path) -> None:
    _edit(
        pack_copy,
        "decision.toml",
        lambda d: d["decision"]["rules"][3].update(when={"team": ["ml", "maybe"], "mood": ["x"]}),
    )
    errors = _errors(pack_copy)
    assert any("decision.rules[3].when.team[1]: 'maybe' is not an answer to 'team'" in e for e in errors), (
        errors
    )
    assert any("decision.rules[3].when.mood: unknown question 'mood'" in e for e in errors), errors


def test_decision_rules_must_decide_every_combination(pack_copy: Path) -> None:
    _edit(pack_copy, "decision.toml", lambda d: d["decision"]["rules"].pop())
    errors = _errors(pack_copy)
    assert any(
        "decision.toml: decision.rules: no rule decides the answers" in e and "future:unsure" in e
        for e in errors
    ), errors


def test_a_key_defined_in_two_files(pack_copy: Path) -> None:
    (pack_copy / "extra.toml").write_text('[verdict]\ntitle = "x"\n')
    errors = _errors(pack_copy)
    assert len(errors) == 1 and "verdict: key 'verdict' is already defined in" in errors[0], errors
    assert "extra.toml" in errors[0] and "guides.toml" in errors[0]


def test_cache_is_used_and_invalidated(pack_copy: Path, tmp_path: Path) -> None:
    from rolebot.settings import Settings

    cache = Settings.read({"XDG_CACHE_HOME": str(tmp_path / "cache")}).cache
    assert cache == tmp_path / "cache" / "rolebot"
    first = load_pack(pack_copy, cache=cache)
    assert list(cache.glob("*.pickle"))
    again = load_pack(pack_copy, cache=cache)
    assert again is not first and asdict(again) == asdict(first)  # the same content, from the cache
    _edit(pack_copy, "guides.toml", lambda d: d["verdict"].update(title="The verdict"))
    changed = load_pack(pack_copy, cache=cache)
    assert changed.verdict.title == "The verdict" and changed.version != first.version


def test_a_learned_question_names_an_answer_the_router_has(pack_copy: Path) -> None:
    _edit(pack_copy, "questions.toml", lambda d: d["questions"][2].update(answer="salaries"))
    errors = _errors(pack_copy)
    assert any("questions.toml: questions[2].answer: 'salaries' is not an answer" in e for e in errors), (
        errors
    )
