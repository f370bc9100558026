"""A real PostgreSQL server on loopback, started from Debian's `postgresql` binaries in a
temporary folder, for the tests and the benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoPostgres(Exception):
    pass


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(versions[-1]) if versions else None


@contextmanager
def running_postgres() -> Iterator[str]:
    """A SQLAlchemy URL of a fresh server, stopped and removed afterwards."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise NoPostgres("PostgreSQL is not installed (apt-get install postgresql)")
    home = Path(tempfile.mkdtemp(prefix="rolebot-pg-"))  # readable by the postgres user
    data = home / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120, check=False)

    made = run(initdb, "-D", str(data), "-U", "rolebot", "--auth=trust", "-E", "UTF8")
    if made.returncode != 0:
        raise RuntimeError(made.stderr)
    opts = f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c full_page_writes=off"
    started = run(pg_ctl, "-D", str(data), "-o", opts, "-l", str(data / "log"), "-w", "start")
    if started.returncode != 0:
        raise RuntimeError(started.stderr)
    try:
        yield f"postgresql+psycopg://rolebot@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)
