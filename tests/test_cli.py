"""The `rolebot` command, run as a real process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CONTENT, run_cli


def test_ask_answers_with_exit_0() -> None:
    out = run_cli("ask", "/salary", "senior", "ml")
    assert out.returncode == 0, out.stderr
    assert "£120-165k" in out.stdout and "Source:" in out.stdout


def test_ask_not_understood_exits_2_with_message() -> None:
    out = run_cli("ask", "/salry")
    assert out.returncode == 2
    assert "Did you mean /salary?" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_ask_formats() -> None:
    md = run_cli("ask", "--format", "markdown", "salary")
    assert md.returncode == 0 and "| Senior | £120-165k | £115-160k |" in md.stdout
    js = run_cli("ask", "-f", "json", "faq", "2")
    assert json.loads(js.stdout)["command"] == "faq 2"


def test_content_option_and_env(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    out = run_cli("ask", "--content", str(missing), "salary")
    assert out.returncode == 1 and "content folder not found" in out.stderr
    out = run_cli("ask", "salary", env={"ROLEBOT_CONTENT": str(missing)})
    assert out.returncode == 1
    out = run_cli("ask", "salary", env={"ROLEBOT_CONTENT": str(CONTENT)})
    assert out.returncode == 0


def test_validate(pack_copy: Path) -> None:
    ok = run_cli("validate", str(CONTENT))
    assert ok.returncode == 0 and "ok: ai-vs-ml-engineer" in ok.stdout
    (pack_copy / "salary.toml").write_text(
        (pack_copy / "salary.toml").read_text().replace("low = 50", "low = -5", 1)
    )
    bad = run_cli("validate", str(pack_copy))
    assert bad.returncode == 1
    assert "salary.toml: salary.bands[0].low: Input should be greater than or equal to 0" in bad.stdout


def test_commands_lists_the_registry() -> None:
    out = run_cli("commands")
    assert out.returncode == 0 and "/salary [level] [role]" in out.stdout
    data = json.loads(run_cli("commands", "--format", "json").stdout)
    assert [c["name"] for c in data][:3] == ["help", "about", "compare"]
