"""Anyone who can reach the HTTP port: bodies are capped before they are read, signatures are
checked before anything is parsed, malformed input gets 4xx (never a 500 or a traceback), and
idle, slow or oversized connections cannot starve signed traffic."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

import rolebot.serving as serving
from tests.slack.conftest import FORM, Served, command_body, signed_headers


def raw_request(port: int, data: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, return everything the server answers before it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and b"content-length: 0" in b"".join(chunks).lower():
                    break
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


@pytest.fixture
def no_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    traced = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert traced == [], [r.getMessage() for r in traced]
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


def test_an_oversized_body_is_refused_before_it_is_read(served: Served, no_tracebacks: None) -> None:
    # signature headers that could be real (fresh timestamp, well-formed, but forged)
    forged = b"X-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: v0=%s\r\n" % (int(time.time()), b"0" * 64)
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    # the headers alone say it is too large: 413 at once, without waiting for the body
    started = time.perf_counter()
    answer = raw_request(served.port, head + forged + b"Content-Length: %d\r\n\r\n" % (serving.MAX_BODY + 1))
    assert answer.startswith(b"HTTP/1.1 413") and b"body over" in answer
    assert time.perf_counter() - started < 1
    # without a Content-Length (chunked), reading stops as soon as the cap is passed
    chunk = b"a=b&" * 16384
    count = serving.MAX_BODY // len(chunk) + 1
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(count))  # never finished
    answer = raw_request(served.port, head + forged + b"Transfer-Encoding: chunked\r\n\r\n" + body)
    assert answer.startswith(b"HTTP/1.1 413")
    # with no signature headers at all, nothing is read: 401 at once
    answer = raw_request(served.port, head + b"Content-Length: %d\r\n\r\n" % (serving.MAX_BODY - 1))
    assert answer.startswith(b"HTTP/1.1 401")


def refused_unread(served: Served, body: bytes) -> bool:
    """An unsigned request is answered 401 before its body is read. The server may close
    while the client is still sending (a broken pipe or reset on this side): that is the
    same refusal, seen from the client (the raw-socket test above shows the 401 itself)."""
    try:
        return served.request("POST", "/slack/events", body, {"Content-Type": FORM})[0] == 401
    except (BrokenPipeError, ConnectionResetError):
        return True


def test_nothing_is_parsed_before_the_signature_is_checked(served: Served, no_tracebacks: None) -> None:
    # a body of many small fields costs a form parser a lot; unsigned, it is never parsed
    many = b"&".join(b"f%d=x" % i for i in range(100_000))[: serving.MAX_BODY - 100]
    started = time.perf_counter()
    for _ in range(5):
        assert refused_unread(served, many)
        assert served.post_signed(many, FORM, secret="forged")[0] == 401  # read and hashed, not parsed
    # parsing 100,000 fields takes seconds; reading and hashing 1 MiB takes milliseconds, so a
    # loose bound (CI machines vary) still tells the two apart
    assert (time.perf_counter() - started) / 10 < 0.5
    # a well-formed command with a forged signature is refused just the same
    body = command_body("/salary", "senior ml", served.mock.base)
    assert served.post_signed(body, FORM, secret="forged")[0] == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "²", "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "-5", "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=\u00e9\u00e9"},
        {"X-Slack-Request-Timestamp": str(int(time.time()))},
        {},
    ],
)
def test_malformed_signature_headers_get_401(
    served: Served, headers: dict[str, str], no_tracebacks: None
) -> None:
    body = command_body("/salary", "senior ml", served.mock.base)
    assert served.request("POST", "/slack/events", body, {"Content-Type": FORM, **headers})[0] == 401


def test_malformed_signed_bodies_get_400(served: Served, no_tracebacks: None) -> None:
    # not UTF-8
    assert served.post_signed(b"command=/salary&text=\xff\xfe", FORM)[0] == 400
    # invalid JSON inside payload=
    assert served.post_signed(b"payload=%7Bnot-json", FORM)[0] == 400
    # deeply nested JSON
    nested = b"[" * 100_000 + b"]" * 100_000
    assert served.post_signed(nested, "application/json")[0] == 400
    # a Content-Length that is not a number
    status, _, _ = served.request("POST", "/slack/events", b"x", {"Content-Length": "12a"})
    assert status == 400


def test_other_methods_and_paths(served: Served, no_tracebacks: None) -> None:
    assert served.request("GET", "/slack/events")[0] == 405
    assert served.request("POST", "/elsewhere", b"x" * 1000)[0] == 404
    assert served.request("GET", "/healthz")[0] == 200


def test_a_connection_that_never_sends_headers_is_closed(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serving, "HEADER_TIMEOUT", 0.3)
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as s:
        s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # and then nothing more
        started = time.monotonic()
        assert s.recv(100) == b""  # closed by the server
        assert time.monotonic() - started < 3


def test_oversized_and_too_many_headers_get_431(served: Served, no_tracebacks: None) -> None:
    huge = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"
    assert raw_request(served.port, huge).startswith(b"HTTP/1.1 431")
    many = (
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n"
    )
    assert raw_request(served.port, many).startswith(b"HTTP/1.1 431")
    assert served.request("GET", "/healthz")[0] == 200


def test_idle_sockets_cannot_starve_signed_traffic(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Far more idle sockets than the server keeps open: the oldest idle ones are closed to
    make room, and signed commands keep being answered quickly."""
    monkeypatch.setattr(serving, "MAX_CONNECTIONS", 200)
    idle: list[socket.socket] = []
    try:
        for _ in range(600):
            s = socket.create_connection(("127.0.0.1", served.port), timeout=5)
            s.sendall(b"POST /slack/events HTTP/1.1\r\n")
            idle.append(s)
        latencies = []
        for _ in range(20):
            started = time.perf_counter()
            status, body = served.command("/salary", "senior ml")
            latencies.append(time.perf_counter() - started)
            assert status == 200 and "£120-165k" in json.dumps(body, ensure_ascii=False)
        assert max(latencies) < 0.5
        closed = 0
        for s in idle[:300]:
            s.settimeout(0.01)
            try:
                closed += s.recv(1) == b""
            except ConnectionResetError:
                closed += 1
            except TimeoutError:
                pass
        assert closed > 0  # the oldest idle sockets were closed
    finally:
        for s in idle:
            s.close()


def test_signed_traffic_keeps_flowing_while_an_abusive_client_runs(served: Served) -> None:
    """One client sends oversized unsigned bodies as fast as it can; signed commands beside it
    stay fast (bench/abuse.py measures throughput)."""
    stop = threading.Event()
    big = urllib.parse.urlencode({f"f{i}": "x" for i in range(60_000)}).encode()[: serving.MAX_BODY]

    def abuse() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                served.request("POST", "/slack/events", big, {"Content-Type": FORM})

    thread = threading.Thread(target=abuse, daemon=True)
    thread.start()
    try:
        body = command_body("/salary", "senior ml", served.mock.base)
        latencies = []
        for _ in range(50):
            started = time.perf_counter()
            status, _, _ = served.request("POST", "/slack/events", body, signed_headers(body, FORM))
            latencies.append(time.perf_counter() - started)
            assert status == 200
        latencies.sort()
        assert latencies[int(len(latencies) * 0.9)] < 0.1
    finally:
        stop.set()
        thread.join(timeout=5)


def test_a_body_that_never_arrives_gets_408(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "BODY_TIMEOUT", 0.3)
    headers = signed_headers(b"irrelevant", FORM)  # plausible headers: the body is waited for
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode()
    started = time.monotonic()
    answer = raw_request(
        served.port, b"POST /slack/events HTTP/1.1\r\nHost: x\r\n" + head + b"Content-Length: 100\r\n\r\nab"
    )
    assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 3


def test_a_pipelined_request_waits_its_turn_without_a_408(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guarded protocol's body deadline starts only for a request being read: one queued
    behind a slow answer on the same connection is answered, not timed out."""
    import asyncio

    from rolebot.serving import read_body, send_json
    from tests.slack.conftest import start_uvicorn

    monkeypatch.setattr(serving, "BODY_TIMEOUT", 0.3)

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        body = await read_body(scope, receive)
        if scope["path"] == "/slow":
            await asyncio.sleep(0.8)
        await send_json(send, 200, {"got": body.decode()})

    server, port, thread = start_uvicorn(app)
    try:
        two = b"".join(
            b"POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n%s" % (path, body)
            for path, body in ((b"slow", b"s1"), (b"fast", b"f2"))
        )
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(two[:-1])  # the second body's last byte comes while the first is answered,
            time.sleep(0.5)  # after the body deadline: the second request is not being read yet
            s.sendall(two[-1:])
            answer = b""
            while answer.count(b"HTTP/1.1 ") < 2 or not answer.endswith(b"}"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        assert b"408" not in answer
        assert answer.count(b"HTTP/1.1 200") == 2 and b'"s1"' in answer and b'"f2"' in answer
    finally:
        server.should_exit = True
        thread.join(timeout=5)
