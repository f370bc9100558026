"""Pickled results kept between runs (validated content, the question index): read back when
they are there and whole, rebuilt otherwise; written atomically. Caching never fails a run."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any


def load(path: Path | None) -> Any | None:
    """What was stored at `path`, or None when there is nothing usable."""
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a stale or damaged cache is simply rebuilt
        return None


KEEP = 3  # versions of one thing kept: an edit, an undo and a reload do not rebuild


def store(path: Path | None, value: object, family: str = "") -> None:
    """Write `value` at `path`. With `family` (a file-name prefix shared by every version of
    the same thing), only the newest `KEEP` versions stay: editing content or upgrading the
    code never fills the disk with stale copies."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        if family:
            _prune(path.parent, family)
    except OSError:
        pass


def _prune(folder: Path, family: str) -> None:
    versions = sorted(folder.glob(f"{family}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in versions[KEEP:]:
        old.unlink(missing_ok=True)
