"""Logging for the servers: one JSON line per answer on `rolebot.answers`, plain lines else."""

from __future__ import annotations

import logging
import sys


def configure(level: int = logging.INFO, quiet: tuple[str, ...] = ()) -> None:
    """Answers as bare JSON lines; everything else with time, level and logger name. The
    loggers named in `quiet` (a platform's SDK) and the web server's stay at WARNING, so that
    request details never reach the logs."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    answers = logging.getLogger("rolebot.answers")
    if not answers.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        answers.addHandler(handler)
    answers.propagate = False
    for name in (*quiet, "aiohttp", "uvicorn"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
