from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
PACK_DIR = CONTENT / "ai-vs-ml-engineer"
SOURCE = ROOT.parent / "shared" / "source" / "000_25a819d3821321c8.txt"

# keep the validated-content cache out of the user's home during tests
os.environ.setdefault("XDG_CACHE_HOME", str(ROOT / ".pytest_cache" / "xdg"))


def source_text() -> str:
    """The source article. Without it the fidelity tests skip on a developer's machine, and
    fail in CI (`CI=true`), where shared/ is always laid beside the clone."""
    if SOURCE.exists():
        return SOURCE.read_text()
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the source article is missing at {SOURCE}; CI must run beside shared/")
    pytest.skip("shared/source is not beside this checkout")


def crawl(bot, seeds: list[str], limit: int = 5000) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every reply reachable from `seeds` by following actions, transitively: text -> Reply."""
    seen: dict[str, object] = {}
    queue = list(seeds)
    while queue and len(seen) < limit:
        text = queue.pop()
        if text in seen:
            continue
        reply = bot.answer(text) if text in seeds else bot.run_action(text, platform="test")
        seen[text] = reply
        queue.extend(a.command for a in reply.actions if a.command not in seen)
    return seen


def run_cli(
    *args: str, env: dict[str, str] | None = None, unset: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`rolebot ARGS...` as a real process; `unset` drops the variables with that prefix."""
    base = {k: v for k, v in os.environ.items() if not (unset and k.startswith(unset))}
    return subprocess.run(
        [sys.executable, "-m", "rolebot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **(env or {})},
    )


@pytest.fixture(scope="session")
def bot():  # type: ignore[no-untyped-def]
    from rolebot.bot import Bot

    return Bot(content=CONTENT)


@pytest.fixture(scope="session")
def ctx(bot):  # type: ignore[no-untyped-def]
    return bot.context()


@pytest.fixture
def pack_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the shipped pack, for tests that break it on purpose."""
    dest = tmp_path / "ai-vs-ml-engineer"
    shutil.copytree(PACK_DIR, dest)
    yield dest


def all_command_texts(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    """Every command with every argument combination the content allows."""
    from rolebot.kinds import ANSWERS, COMMAND, FAQ, LEVEL, ROLE, TEXT

    roles = [r.id for r in ctx.pack.roles]
    levels = [lv.id for lv in ctx.pack.levels]
    out: list[str] = []
    for cmd in ctx.registry:
        if cmd.takes(LEVEL) and cmd.takes(ROLE):
            out += [cmd.name] + [f"{cmd.name} {lv}" for lv in levels] + [f"{cmd.name} {r}" for r in roles]
            out += [f"{cmd.name} {lv} {r}" for lv in levels for r in roles]
        elif cmd.takes(ROLE):
            out += [cmd.name] + [f"{cmd.name} {r}" for r in roles]
        elif cmd.takes(FAQ):
            out += [cmd.name] + [f"{cmd.name} {i}" for i in range(1, len(ctx.pack.faq) + 1)]
        elif cmd.takes(COMMAND):
            out += [cmd.name] + [f"{cmd.name} {c.name}" for c in ctx.registry]
        elif cmd.takes(ANSWERS):
            out += [cmd.name, *decide_paths(ctx)]
        elif cmd.takes(TEXT):
            out += [f"{cmd.name} which pays more?"]
        else:
            out.append(cmd.name)
    return out


def decide_paths(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    import itertools

    qs = ctx.pack.decision.questions
    out = []
    for combo in itertools.product(*[[None, *[o.id for o in q.options]] for q in qs]):
        parts = [f"{q.id}:{v}" for q, v in zip(qs, combo, strict=True) if v is not None]
        out.append("decide " + " ".join(parts))
    return out


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on loopback for the session (Debian's `postgresql`, which
    `.ci/run` installs), as a SQLAlchemy URL. Skipped only outside CI when none is installed."""
    from tests.pg import NoPostgres, running_postgres

    try:
        with running_postgres() as url:
            yield url
    except NoPostgres as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc}; .ci/run installs Debian's postgresql")
        pytest.skip(str(exc))
