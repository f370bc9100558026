"""Answer log lines: one JSON object per answer, formatted once, written in batches."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolebot.logs import Batched, JsonLines, Record, answer_record


def _record(msg: object, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("rolebot.answers", level, __file__, 0, msg, (), None)


def test_an_answer_record_is_merged_into_the_line() -> None:
    line = JsonLines().format(_record(Record({"event": "answer", "text": 'é <x> "q"', "n": 1})))
    data = json.loads(line)
    want = {"ts": data["ts"], "level": "info", "logger": "rolebot.answers", "event": "answer"}
    assert line == json.dumps({**want, "text": 'é <x> "q"', "n": 1}, ensure_ascii=False)
    assert data["ts"].endswith("Z") and "T" in data["ts"]


def test_a_record_naming_the_lines_own_keys_still_gives_one_object() -> None:
    line = JsonLines().format(_record(Record({"level": "mine", "event": "answer"})))
    assert json.loads(line)["level"] == "mine" and line.count('"level"') == 1


def test_lines_are_written_together_and_not_lost() -> None:
    out = io.StringIO()
    handler = Batched(out, every=0.05)
    handler.setFormatter(JsonLines())
    for n in range(3):
        handler.handle(_record(Record({"n": n})))
    assert out.getvalue() == ""  # waiting for the batch
    time.sleep(0.3)
    assert [json.loads(x)["n"] for x in out.getvalue().splitlines()] == [0, 1, 2]
    handler.handle(_record("disk is full", logging.WARNING))  # a warning goes out at once
    assert "disk is full" in out.getvalue().splitlines()[-1]
    handler.handle(_record(Record({"n": 9})))
    handler.flush()  # as at exit
    assert json.loads(out.getvalue().splitlines()[-1])["n"] == 9


def test_a_failed_write_loses_one_batch_and_says_so_and_the_next_lines_still_go_out(capsys) -> None:  # type: ignore[no-untyped-def]
    class Flaky(io.StringIO):
        fail = 1

        def write(self, s: str) -> int:
            if self.fail:
                self.fail -= 1
                raise BlockingIOError("full")
            return super().write(s)

    out = Flaky()
    handler = Batched(out, every=0.05)
    handler.setFormatter(JsonLines())
    handler.handle(_record(Record({"n": 1})))
    time.sleep(0.3)
    assert "1 log lines not written" in capsys.readouterr().err
    handler.handle(_record(Record({"n": 2})))
    time.sleep(0.3)
    assert [json.loads(x)["n"] for x in out.getvalue().splitlines()] == [2]
    handler.close()
    assert handler._flusher is not None
    handler._flusher.join(1)
    assert not handler._flusher.is_alive()  # a closed handler's thread ends


@given(
    st.none() | st.text(max_size=40),
    st.sampled_from(["ok", "refused", "error"]),
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
)
def test_an_answer_records_kept_json_is_its_fields_encoded(
    command: str | None, outcome: str, ms: float
) -> None:
    """`answer_record` reuses the encoded fields of earlier answers: the line is the same as
    encoding the record whole, and again for the same answer with another latency."""
    for latency in (ms, round(ms / 3, 3)):
        record = answer_record("slack", "ai-vs-ml", command, outcome, latency)
        assert record.json == json.dumps(dict(record), ensure_ascii=False)
        line = JsonLines().format(_record(record))
        assert json.loads(line)["latency_ms"] == latency and json.loads(line)["command"] == command


def test_an_answer_line_is_the_line_logging_writes_and_logging_still_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer log's own lane writes what logging would, and steps aside as soon as the
    answer log is not as `configure` left it (a filter here, a handler added there)."""
    import sys

    from rolebot import logs

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    logs.configure("info")
    record = answer_record("slack", "ai-vs-ml", "salary senior ml", "ok", 0.25)
    logs.log_answer_record(record)
    logging.getLogger("rolebot.answers").handlers[0].flush()
    [line] = out.getvalue().splitlines()
    made = JsonLines().format(_record(record))
    assert json.loads(line) | {"ts": "-"} == json.loads(made) | {"ts": "-"}
    assert line.split('", ', 1)[1] == made.split('", ', 1)[1]  # byte for byte after the time
    assert json.loads(line)["ts"].endswith("Z")

    answers = logging.getLogger("rolebot.answers")
    seen: list[logging.LogRecord] = []

    def keep(rec: logging.LogRecord) -> bool:
        seen.append(rec)
        return False  # filtered out: not written

    answers.addFilter(keep)
    try:
        logs.log_answer_record(record)
    finally:
        answers.removeFilter(keep)
    root_lines = io.StringIO()
    to_root = logging.StreamHandler(root_lines)
    logging.getLogger().addHandler(to_root)
    answers.propagate = True  # as an incremental dictConfig may leave it
    try:
        logs.log_answer_record(record)
    finally:
        answers.propagate = False
        logging.getLogger().removeHandler(to_root)
    assert json.loads(root_lines.getvalue())["command"] == "salary senior ml"
    extra = io.StringIO()
    added = logging.StreamHandler(extra)
    answers.addHandler(added)
    try:
        logs.log_answer_record(record)
    finally:
        answers.removeHandler(added)
    answers.handlers[0].flush()
    assert len(seen) == 1 and seen[0].msg is record
    assert len(out.getvalue().splitlines()) == 3  # all but the filtered one
    assert json.loads(extra.getvalue())["command"] == "salary senior ml"


def test_the_servers_set_up_leaves_the_answer_log_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn configures logging for itself unless told not to, closing rolebot's handlers:
    the answer log's thread would stop and lines wait for a full batch."""
    import sys

    from rolebot import logs
    from rolebot.serving import config

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    logs.configure("info", fmt="json")

    async def app(scope: object, receive: object, send: object) -> None:
        return None

    config(app, "127.0.0.1", 0)
    [handler] = logging.getLogger("rolebot.answers").handlers
    assert isinstance(handler, Batched) and not handler._closed
    logs.log_answer_record(answer_record("slack", "p", "help", "ok", 1.0))
    end = time.monotonic() + 3
    while not out.getvalue() and time.monotonic() < end:
        time.sleep(0.05)
    assert json.loads(out.getvalue())["command"] == "help"  # written by the batching thread


def test_a_closed_handler_writes_at_once_and_a_line_it_cannot_encode_is_escaped() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    handler = Batched(stream, every=60)
    handler.setFormatter(JsonLines())
    odd = Record({"event": "answer", "text": "\ud800 lone"})  # what json.loads can give
    for record in (Record({"n": 1}), odd, Record({"n": 3})):
        handler.handle(_record(record))
    handler.flush()
    lines = raw.getvalue().decode().splitlines()
    assert len(lines) == 3 and "\\ud800 lone" in lines[1] and json.loads(lines[2])["n"] == 3
    handler.close()
    handler.handle(_record(Record({"n": 4})))  # closed: no thread to wait for
    assert json.loads(raw.getvalue().decode().splitlines()[-1])["n"] == 4
