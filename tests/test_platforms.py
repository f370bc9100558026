"""Platforms plug in through the `rolebot.platforms` entry points: a tiny platform kept in
`tests/` gets its own subcommand and format without a line of `src/` knowing it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def plugged(tmp_path: Path) -> dict[str, str]:
    """An environment in which a distribution offers the echo platform (its metadata only,
    as `pip install` would write it)."""
    info = tmp_path / "rolebot_echo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rolebot-echo\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[rolebot.platforms]\necho = tests.plugin.echo_platform:PLATFORM\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT), env.get("PYTHONPATH", "")])
    return env


def rolebot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from rolebot.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_a_platform_plugs_in_with_its_subcommand_and_format(tmp_path: Path) -> None:
    env = plugged(tmp_path)
    out = rolebot(env, "echo", "salary", "senior", "ml")
    assert out.returncode == 0, out.stderr
    assert "salary" in out.stdout.lower()
    out = rolebot(env, "ask", "--format", "echo", "salary", "senior", "ml")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert "Senior" in payload["title"] and payload["next"]
    assert "echo" in rolebot(env, "--help").stdout


def test_without_the_plugin_there_is_no_such_platform() -> None:
    out = rolebot(dict(os.environ), "ask", "--format", "echo", "salary")
    assert out.returncode == 1 and "unknown format 'echo'" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_shipped_platforms_are_plugins_too() -> None:
    from rolebot.platforms import installed

    assert {"slack", "discord"} <= set(installed())
    src = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert "rolebot_slack" not in src and "rolebot_discord" not in src  # the core names none
