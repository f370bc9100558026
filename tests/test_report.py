"""`rolebot report` reads real answer logs: counts by command, platform and outcome, the
refusal rate, latency percentiles, and the unanswered questions only when text was logged."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from rolebot.bot import Bot
from rolebot.report import read, render
from rolebot.settings import Settings
from tests.conftest import CONTENT, run_cli


def logged(tmp_path: Path, log_text: bool, questions: list[str]) -> Path:
    """Answer `questions` as a platform would, with the answer log going to a file."""
    bot = Bot(settings=Settings(content=CONTENT, log_text=log_text))
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(message)s"))
    answers = logging.getLogger("rolebot.answers")
    answers.addHandler(handler)
    level = answers.level
    answers.setLevel(logging.INFO)
    try:
        for n, q in enumerate(questions):
            bot.answer(q, platform="slack" if n % 2 else "discord", user=f"U{n}")
    finally:
        answers.removeHandler(handler)
        answers.setLevel(level)
    path = tmp_path / "answers.log"
    path.write_text("server started\n" + out.getvalue())
    return path


QUESTIONS = [
    "/salary senior ml",
    "/salary",
    "what do nurses earn?",
    "what do nurses earn?",
    "which pays more?",
    "/nosuchcommand",
]


def test_the_report_counts_answers_and_lists_content_gaps(tmp_path: Path) -> None:
    report = read(logged(tmp_path, True, QUESTIONS).read_text().splitlines())
    assert report.answers == 6 and report.skipped == 1
    assert report.by_platform == {"discord": 3, "slack": 3}
    assert report.by_command["salary"] == 2
    assert report.refusal_rate == 3 / 6
    assert report.unanswered.most_common(1) == [("what do nurses earn?", 2)]
    text = render(report)
    assert "refused or not understood: 50.0%" in text and "p99" in text and "what do nurses earn?" in text


def test_without_logged_text_no_question_is_shown(tmp_path: Path) -> None:
    path = logged(tmp_path, False, QUESTIONS)
    out = run_cli("report", str(path))
    assert out.returncode == 0, out.stderr
    assert "answers: 6" in out.stdout and "nurses" not in out.stdout
    assert "set ROLEBOT_LOG_TEXT=1" in out.stdout


def test_a_missing_log_is_one_line() -> None:
    out = run_cli("report", "/nonexistent/answers.log")
    assert (
        out.returncode == 1
        and out.stderr.startswith("rolebot: cannot read")
        and "Traceback" not in out.stderr
    )
