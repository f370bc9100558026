"""What each command answers, checked against the content it must carry."""

from __future__ import annotations

from rolebot.render.text import render_text
from rolebot.reply import Fields, Status, Table


def text(bot, command: str) -> str:  # type: ignore[no-untyped-def]
    reply = bot.answer(command)
    assert reply.status is Status.OK, reply.title
    return render_text(reply)


def test_every_answer_credits_the_source(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import all_command_texts

    for command in all_command_texts(ctx):
        reply = bot.answer(command)
        assert reply.source and "JobLabs" in reply.source and "Alex" in reply.source, command
        assert "AI Engineer vs ML Engineer: What's the Difference in 2026" in reply.source


def test_compare_leads_with_the_one_line_difference(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("compare")
    assert reply.summary == "ML Engineers own the **model**. AI Engineers own the **integration**."
    table = next(b for s in reply.sections for b in s.blocks if isinstance(b, Table))
    assert table.columns == ("", "ML Engineer", "AI Engineer")
    assert [r[0] for r in table.rows] == [
        "Owns",
        "Typical work",
        "Background",
        "Skill stack",
        "Value created",
    ]


def test_salary_level_shows_both_roles(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("salary staff")
    table = next(b for s in reply.sections for b in s.blocks if isinstance(b, Table))
    assert table.rows == (("Staff/Principal", "£170-220k", "£165-200k"),)


def test_salary_role_shows_all_levels_and_premium(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("salary ai")
    table = next(b for s in reply.sections for b in s.blocks if isinstance(b, Table))
    assert table.columns == ("Level", "AI Engineer")
    assert table.rows[-1] == ("London premium", "28%")
    assert len(table.rows) == 5
    assert "above their formal salary bands" in render_text(bot.answer("more salary ai"))


def test_salary_band_beside_the_other_role(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.answer("salary junior ai")
    fields = next(b for s in reply.sections for b in s.blocks if isinstance(b, Fields))
    assert reply.summary == "A junior AI Engineer earns **£50-70k** (UK 2026)."
    assert [(f.name, f.value) for f in fields.items] == [("Junior ML Engineer", "the same band")]
    assert reply.actions[0].command == "salary junior ml"
    assert reply.actions[0].label == "See the ML Engineer band"


def test_salary_never_applies_the_london_premium(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import all_command_texts

    allowed = {"£50-70k", "£75-110k", "£120-165k", "£115-160k", "£170-220k", "£165-200k", "£200-400k"}
    import re

    for command in all_command_texts(ctx):
        if command.startswith("salary"):
            shown = set(re.findall(r"£\d+-\d+k", text(bot, command)))
            assert shown <= allowed, (command, shown - allowed)


def test_per_role_commands_without_role_show_both(bot) -> None:  # type: ignore[no-untyped-def]
    for command in ("role", "day", "skills", "wins", "cv"):
        out = text(bot, command)
        assert "ML Engineer" in out and "AI Engineer" in out, command
    assert "4×H100" in text(bot, "day ml") and "4×H100" not in text(bot, "day ai")
    assert "50,000 conversations" in text(bot, "more day ai")
    assert "Vector databases" in text(bot, "skills ai")
    assert "Jane Street" in text(bot, "wins ml") and "ElevenLabs" in text(bot, "wins ai")


def test_guides(bot) -> None:  # type: ignore[no-untyped-def]
    assert "18-30 months" in text(bot, "pivot")
    mistakes = text(bot, "mistakes")
    assert "1. Taking the higher salary" in mistakes and "3. Avoiding AI Engineer" in mistakes
    cv = text(bot, "cv")
    assert "8.2% to 2.4%" in cv and "71%" in cv and "41% to 67%" in cv
    assert "5-10x" in text(bot, "verdict")


def test_about_explains_how_to_cite(bot) -> None:  # type: ignore[no-untyped-def]
    out = text(bot, "about")
    assert "Publisher: JobLabs" in out and "Year: 2026" in out
    assert (
        "Alex, \u201cAI Engineer vs ML Engineer: What's the Difference in 2026\u201d, JobLabs, 2026." in out
    )


def test_follow_up_actions_all_run(bot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Every follow-up offered by any reply is itself a command that answers."""
    from tests.conftest import all_command_texts

    seen: set[str] = set()
    for command in all_command_texts(ctx)[:80]:
        for action in bot.answer(command).actions:
            if action.command not in seen:
                seen.add(action.command)
                assert bot.answer(action.command).status is Status.OK, action
                assert 0 < len(action.label) <= 75
    assert len(seen) > 20
