"""A built wheel carries the content: installed into a fresh virtual environment (the core
alone, no platform SDK), it answers from any folder, refuses to write packs into itself, and
says in one line which extra a platform needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `rolebot` command of a fresh venv holding the wheel built from this checkout."""
    tmp = tmp_path_factory.mktemp("install")
    built = sh(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"), str(ROOT), cwd=tmp
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("rolebot-*.whl"))
    venv = tmp / "venv"
    assert sh(sys.executable, "-m", "venv", str(venv), cwd=tmp).returncode == 0
    pip = sh(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel), cwd=tmp)
    assert pip.returncode == 0, pip.stderr
    return venv / "bin" / "rolebot"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROLEBOT_", "PYTHON", "VIRTUAL_ENV"))}
    return {**env, **extra}


def test_the_wheel_answers_from_any_folder(installed: Path, tmp_path: Path) -> None:
    out = sh(str(installed), "ask", "/salary", "senior", "ml", cwd=tmp_path, env=clean_env())
    assert out.returncode == 0, out.stderr
    assert "£120-165k" in out.stdout
    out = sh(str(installed), "validate", cwd=tmp_path, env=clean_env())
    assert out.returncode == 0 and "ok: ai-vs-ml-engineer" in out.stdout


def test_the_core_install_pulls_no_platform_sdk(installed: Path, tmp_path: Path) -> None:
    python = installed.parent / "python"
    for module in ("slack_bolt", "slack_sdk", "discord"):
        found = sh(str(python), "-c", f"import {module}", cwd=tmp_path, env=clean_env())
        assert found.returncode != 0, module


def test_a_missing_extra_is_one_line_naming_it(installed: Path, tmp_path: Path) -> None:
    out = sh(
        str(installed),
        "slack",
        "serve",
        "--http",
        cwd=tmp_path,
        env=clean_env(SLACK_BOT_TOKEN="x", SLACK_SIGNING_SECRET="y"),
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "pip install 'rolebot[slack]'" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_serve_without_its_extra_is_one_line(installed: Path, tmp_path: Path) -> None:
    out = sh(str(installed), "serve", "--port", "0", cwd=tmp_path, env=clean_env())
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "pip install 'rolebot[serve]'" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_no_pack_is_written_into_the_installed_package(installed: Path, tmp_path: Path) -> None:
    out = sh(str(installed), "content", "new", "my-pack", cwd=tmp_path, env=clean_env())
    assert out.returncode == 1 and "--root ./content" in out.stderr and "Traceback" not in out.stderr
    out = sh(
        str(installed),
        "content",
        "new",
        "my-pack",
        "--root",
        str(tmp_path / "packs"),
        cwd=tmp_path,
        env=clean_env(),
    )
    assert out.returncode == 0 and (tmp_path / "packs" / "my-pack").is_dir()
