"""Logging for the servers. Answers go to standard output, one JSON record per line; every
other logger to standard error, as text or as JSON records. Every line carries its time and
level, whatever the format, and the chosen level applies to every logger."""

from __future__ import annotations

import atexit
import json
import logging
import sys
import threading
import time
import weakref
from functools import lru_cache
from typing import TextIO

FORMATS = ("text", "json")
LEVELS = ("debug", "info", "warning", "error")


# one encoder, made once: json.dumps(..., ensure_ascii=False) builds a new one at every call
_encode = json.JSONEncoder(ensure_ascii=False).encode


class Record(dict[str, object]):
    """A log message that is a JSON object (an answer record): formatted once, by `JsonLines`
    merged with the line's time and level, or as its JSON by any other formatter."""

    json: str | None = None  # its JSON, when whoever made it already has it (`answer_record`)

    def __str__(self) -> str:
        return self.json or _encode(self)


_ANSWER_HEADS: dict[tuple[object, ...], str] = {}
_MOST_HEADS = 4096  # the distinct (platform, pack, command, outcome) kept encoded


def answer_record(platform: str, pack: str, command: str | None, outcome: str, latency_ms: float) -> Record:
    """An answer's record, its JSON made from the encoded fields of the same answer before:
    only the latency is new (a float, as `json` writes it)."""
    record = Record(
        event="answer",
        platform=platform,
        pack=pack,
        command=command,
        outcome=outcome,
        latency_ms=latency_ms,
    )
    key = (platform, pack, command or "", outcome, command is None)
    head = _ANSWER_HEADS.get(key)
    if head is None:
        if len(_ANSWER_HEADS) >= _MOST_HEADS:
            _ANSWER_HEADS.clear()
        head = _ANSWER_HEADS[key] = _encode({**record, "latency_ms": 0})[: -len("0}")]
    record.json = f"{head}{latency_ms!r}}}"
    return record


_OWN_KEYS = frozenset({"ts", "level", "logger"})


@lru_cache(maxsize=64)
def _head(level: str, logger: str) -> str:
    """`"level": ..., "logger": ..., ` as JSON, for the few levels and loggers there are."""
    return json.dumps({"level": level.lower(), "logger": logger}, ensure_ascii=False)[1:-1] + ", "


class JsonLines(logging.Formatter):
    """One JSON object per record: `ts` (UTC, ISO 8601), `level`, `logger`, and the message; a
    message that is itself a JSON object (an answer record) is merged in."""

    _second: tuple[int, str] = (-1, "")  # the last second formatted, and its text

    def timestamp(self, created: float, msecs: float) -> str:
        second = int(created)
        if second != self._second[0]:  # formatted once a second, not once a line
            self._second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        return f"{self._second[1]}.{int(msecs):03d}Z"

    def merged(self, ts: str, level: str, logger: str, msg: Record) -> str:
        """The line of a record whose message is a `Record` (see `format`)."""
        return f'{{"ts": "{ts}", {_head(level, logger)}' + (msg.json or _encode(msg))[1:]

    def format(self, record: logging.LogRecord) -> str:
        ts = self.timestamp(record.created, record.msecs)
        msg = record.msg
        if type(msg) is Record and msg and not record.exc_info and not _OWN_KEYS & msg.keys():
            # the same line as merging the record into the dict below, without building it
            return self.merged(ts, record.levelname, record.name, msg)
        out: dict[str, object] = {"ts": ts, "level": record.levelname.lower(), "logger": record.name}
        message = record.getMessage()
        parsed = None
        if message.startswith("{"):
            try:
                parsed = json.loads(message)
            except ValueError:
                parsed = None
        if isinstance(parsed, dict):
            out.update(parsed)
        else:
            out["message"] = message
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return _encode(out)


class Batched(logging.StreamHandler):  # type: ignore[type-arg]
    """Lines kept and written together, at most `every` seconds after the first one (warnings
    and errors at once, a full batch at once, and everything at exit, when logging shuts
    down): one write and one flush per batch of answers instead of one per answer, whatever
    the stream's own buffering (PYTHONUNBUFFERED makes it write every line)."""

    def __init__(self, stream: TextIO, every: float = 0.25, most: int = 256) -> None:
        super().__init__(stream)
        self.every, self.most = every, most
        self._lines: list[str] = []
        self._waiting = threading.Event()
        self._flusher: threading.Thread | None = None
        self._closed = False
        _BATCHED.add(self)  # flushed at exit even if logging forgot it (a dictConfig clears its list)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.keep(self.format(record), urgent=record.levelno >= logging.WARNING)
        except Exception:
            self.handleError(record)

    def keep(self, line: str, urgent: bool = False) -> None:
        """A formatted line, written with its batch (at once when `urgent`). Called under
        `self.lock`, as `emit` is."""
        self._lines.append(line)
        if urgent or len(self._lines) >= self.most or self._closed:  # closed: no thread writes
            self.flush()
        elif not self._waiting.is_set():
            self._waiting.set()
            if self._flusher is None:
                self._flusher = threading.Thread(target=self._flush_soon, name="rolebot-log", daemon=True)
                self._flusher.start()

    def flush(self) -> None:
        """Write what is waiting. A write that fails loses that batch and says so on standard
        error, once a batch, as logging does for a line it cannot write."""
        with self.lock:  # type: ignore[union-attr]
            lines, self._lines = self._lines, []
            text = self.terminator.join(lines) + self.terminator if lines else ""
            try:
                try:
                    self.stream.write(text)
                except UnicodeEncodeError:  # a line the stream cannot encode (a lone surrogate)
                    encoding = getattr(self.stream, "encoding", None) or "utf-8"
                    self.stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
                self.stream.flush()
            except Exception as exc:
                sys.stderr.write(f"rolebot: {len(lines)} log lines not written: {exc!r}\n")

    def close(self) -> None:
        self.flush()
        self._closed = True
        self._waiting.set()  # the flusher wakes and ends
        super().close()

    def _flush_soon(self) -> None:
        while not self._closed:
            self._waiting.wait()
            time.sleep(self.every)
            self._waiting.clear()
            self.flush()


_BATCHED: weakref.WeakSet[Batched] = weakref.WeakSet()

ANSWERS = logging.getLogger("rolebot.answers")
_answer_lines: Batched | None = None  # the answer log's handler as `configure` sets it up


def log_answer_record(record: Record) -> None:
    """One answer line at INFO on the answer log. While that log is as `configure` left it
    (its one batched handler of JSON lines, no filters), the line is made here and handed to
    the handler, the same line logging would write, without building a `LogRecord` and
    walking logging's handlers for it (most of an answer line's cost); otherwise, and when
    anything in it was changed, through logging."""
    out = _answer_lines
    if (
        out is not None
        and ANSWERS.handlers == [out]
        and not ANSWERS.filters
        and not ANSWERS.propagate
        and not out.filters
        and not out._closed
        and out.level <= logging.INFO
        and type(out.formatter) is JsonLines
        and ANSWERS.isEnabledFor(logging.INFO)
        and record
        and not _OWN_KEYS & record.keys()
    ):
        created = time.time()
        ts = out.formatter.timestamp(created, (created - int(created)) * 1000)
        line = out.formatter.merged(ts, logging.getLevelName(logging.INFO), ANSWERS.name, record)
        with out.lock:  # type: ignore[union-attr]
            out.keep(line)
        return
    # handed over directly: `info()` would look up its caller's file and line, unused here
    ANSWERS.handle(ANSWERS.makeRecord(ANSWERS.name, logging.INFO, __file__, 0, record, (), None))


@atexit.register
def _flush_batches() -> None:
    for handler in list(_BATCHED):
        handler.flush()


def configure(level: int | str = logging.INFO, quiet: tuple[str, ...] = (), fmt: str = "text") -> None:
    """Set up every logger. The loggers named in `quiet` (a platform's SDK) and the web
    server's stay at WARNING or above, so that request details never reach the logs."""
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
    # no formatter here shows a record's thread or process: not looked up for every line
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    assert isinstance(level, int)
    text = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "rolebot", False):
            root.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.rolebot = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonLines() if fmt == "json" else text)
    root.addHandler(handler)
    root.setLevel(level)
    answers = ANSWERS
    for old in list(answers.handlers):
        answers.removeHandler(old)
        if isinstance(old, Batched):  # its batch written, its thread ended
            old.close()
    out = Batched(sys.stdout)
    out.setFormatter(JsonLines())  # answer records are JSON in either format, with time and level
    answers.addHandler(out)
    global _answer_lines
    _answer_lines = out
    answers.propagate = False
    answers.setLevel(level)
    for name in (*quiet, "aiohttp", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
