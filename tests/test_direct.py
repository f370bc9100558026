"""The server's direct answers (`rolebot.serving.Direct`): a route that can answer a request
read whole is called in the protocol, once its body is in, with one write; anything it leaves,
and every request that cannot wait for its body that way, takes the ASGI way unchanged."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import rolebot.serving as server_defences
from rolebot.bot import Bot
from rolebot.server import Mount, build_app
from rolebot.serving import DIRECT_BODY, BadRequest, read_body, send_error, send_json
from tests.slack.conftest import start_uvicorn


class Echo:
    """A route answering directly unless the body says otherwise."""

    def __init__(self) -> None:
        self.direct_calls: list[bytes] = []
        self.asgi_calls: list[bytes] = []

    def direct(self, scope: Any, body: bytes) -> bytes | None:
        self.direct_calls.append(body)
        if body == b"boom":
            raise RuntimeError("a bug in a direct answer")
        if body.startswith(b"asgi"):
            return None
        return json.dumps({"direct": body.decode()}).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            body = await read_body(scope, receive)
        except BadRequest as error:  # as every route does
            await send_error(send, error)
            return
        self.asgi_calls.append(body)
        await send_json(send, 200, {"asgi": body.decode()})


@contextmanager
def serving(bot: Bot) -> Iterator[tuple[Echo, int]]:
    """The server's app with an `Echo` route at /echo, on loopback."""
    route = Echo()
    server, port, thread = start_uvicorn(build_app(bot, Mount({"/echo": route})))
    try:
        yield route, port
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def echo(bot: Bot) -> Iterator[tuple[Echo, int]]:
    with serving(bot) as served:
        yield served


def post(body: bytes, *extra: bytes, version: bytes = b"1.1", sized: bool = True) -> bytes:
    head = [b"POST /echo HTTP/" + version, b"Host: x", *extra]
    if sized:
        head.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def responses(sock: socket.socket, count: int) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    """`count` whole responses (status line, headers, body), read by their Content-Length."""
    data, out = b"", []
    while len(out) < count:
        end = data.find(b"\r\n\r\n")
        if end >= 0:
            lines = data[:end].split(b"\r\n")
            headers = dict(line.lower().split(b": ", 1) for line in lines[1:])
            size = int(headers.get(b"content-length", b"0"))
            if len(data) >= end + 4 + size:
                out.append((lines[0], headers, data[end + 4 : end + 4 + size]))
                data = data[end + 4 + size :]
                continue
        chunk = sock.recv(65536)
        assert chunk, f"closed after {len(out)} of {count} answers"
        data += chunk
    return out


def exchange(port: int, data: bytes, count: int = 1) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        return responses(sock, count)


def test_a_sized_post_is_answered_directly_in_one_write(echo: tuple[Echo, int]) -> None:
    route, port = echo
    [(status, headers, body)] = exchange(port, post(b"hello"))
    assert status == b"HTTP/1.1 200 OK" and json.loads(body) == {"direct": "hello"}
    assert headers[b"content-type"] == b"application/json" and b"date" in headers
    assert route.direct_calls == [b"hello"] and route.asgi_calls == []


def test_what_the_direct_answer_leaves_goes_the_asgi_way_with_its_body(echo: tuple[Echo, int]) -> None:
    route, port = echo
    [(status, _, body)] = exchange(port, post(b"asgi please"))
    assert status == b"HTTP/1.1 200 OK" and json.loads(body) == {"asgi": "asgi please"}
    assert route.direct_calls == [b"asgi please"] and route.asgi_calls == [b"asgi please"]


@pytest.mark.parametrize(
    "request_bytes",
    [
        post(b"x" * (DIRECT_BODY + 1)),  # too large to hold
        post(b"5\r\nhello\r\n0\r\n\r\n", b"Transfer-Encoding: chunked", sized=False),  # unsized
    ],
    ids=["over DIRECT_BODY", "chunked"],
)
def test_large_or_unsized_bodies_go_the_asgi_way(echo: tuple[Echo, int], request_bytes: bytes) -> None:
    route, port = echo
    [(status, _, body)] = exchange(port, request_bytes)
    assert status == b"HTTP/1.1 200 OK" and "asgi" in json.loads(body)
    assert route.direct_calls == [] and len(route.asgi_calls) == 1


def test_expect_100_continue_goes_the_asgi_way(echo: tuple[Echo, int]) -> None:
    route, port = echo
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        head, _, body = post(b"later", b"Expect: 100-continue").partition(b"\r\n\r\n")
        sock.sendall(head + b"\r\n\r\n")  # the body only once the server asks for it
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        [(status, _, answer)] = responses(sock, 1)
    assert status == b"HTTP/1.1 200 OK" and json.loads(answer) == {"asgi": "later"}
    assert route.direct_calls == []


def test_keep_alive_and_pipelining_keep_their_order(echo: tuple[Echo, int]) -> None:
    """One connection: direct, then one left to ASGI, then one pipelined behind it (which waits
    for its turn the ASGI way), then direct again once the connection is idle."""
    route, port = echo
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(post(b"one"))
        first = responses(sock, 1)
        sock.sendall(post(b"asgi two") + post(b"three"))
        middle = responses(sock, 2)
        sock.sendall(post(b"four"))
        last = responses(sock, 1)
    bodies = [json.loads(b) for _, _, b in first + middle + last]
    assert bodies == [{"direct": "one"}, {"asgi": "asgi two"}, {"asgi": "three"}, {"direct": "four"}]
    assert route.direct_calls == [b"one", b"asgi two", b"four"]


@pytest.mark.parametrize(
    "request_bytes",
    [post(b"bye", b"Connection: close"), post(b"bye", version=b"1.0")],
    ids=["connection close", "HTTP/1.0"],
)
def test_a_connection_that_ends_is_closed_after_its_direct_answer(
    echo: tuple[Echo, int], request_bytes: bytes
) -> None:
    route, port = echo
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request_bytes)
        [(_, headers, body)] = responses(sock, 1)
        assert sock.recv(65536) == b""  # closed by the server
    assert headers[b"connection"] == b"close" and json.loads(body) == {"direct": "bye"}
    assert route.direct_calls == [b"bye"]


def test_a_body_in_pieces_is_answered_directly_once_whole(echo: tuple[Echo, int]) -> None:
    route, port = echo
    data = post(b"slow body")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data[:-4])
        time.sleep(0.2)
        assert route.direct_calls == []  # held until the body is in
        sock.sendall(data[-4:])
        [(_, _, body)] = responses(sock, 1)
    assert json.loads(body) == {"direct": "slow body"} and route.asgi_calls == []


def test_a_held_body_that_never_arrives_gets_408(
    echo: tuple[Echo, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_defences, "BODY_TIMEOUT", 0.3)
    route, port = echo
    [(status, headers, _)] = exchange(port, post(b"complete body")[:-3])
    assert status.startswith(b"HTTP/1.1 408") and headers[b"connection"] == b"close"
    assert route.direct_calls == [] and route.asgi_calls == []


def test_a_failing_direct_answer_is_a_500_in_one_line_and_the_connection_closes(
    echo: tuple[Echo, int], caplog: pytest.LogCaptureFixture
) -> None:
    _, port = echo
    caplog.set_level(logging.ERROR, logger="rolebot.server")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(post(b"boom") + post(b"never"))
        [(status, headers, body)] = responses(sock, 1)
        assert sock.recv(65536) == b"" and headers[b"connection"] == b"close"
    [(_, _, after)] = exchange(port, post(b"after"))  # the server goes on
    assert status.startswith(b"HTTP/1.1 500") and json.loads(body) == {"error": "internal error"}
    assert b"Traceback" not in body and b"boom" not in body
    assert json.loads(after) == {"direct": "after"}
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith("a direct answer failed: RuntimeError at tests/test_direct.py:")
    assert line.endswith("; answered 500") and not any(r.exc_info for r in caplog.records)


def test_other_methods_and_paths_never_reach_the_direct_answer(echo: tuple[Echo, int]) -> None:
    route, port = echo
    [(status, _, _)] = exchange(port, b"GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    assert status == b"HTTP/1.1 200 OK"  # the route's own ASGI answer
    [(status, _, _)] = exchange(port, b"POST /elsewhere HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
    assert status.startswith(b"HTTP/1.1 404")
    assert route.direct_calls == []


def test_the_direct_answers_are_found_through_the_servers_middleware(bot: Bot) -> None:
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    route = Echo()
    app = build_app(bot, Mount({"/echo": route}))
    assert server_defences.direct_routes(ProxyHeadersMiddleware(app)) == {"/echo": route.direct}
    assert server_defences.direct_routes(object()) == {}


def test_a_kept_alive_connection_gets_its_whole_header_time_after_each_answer(
    echo: tuple[Echo, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header deadline moves with every answer (its timer is set again when it fires
    early), and a connection idle past it is closed."""
    monkeypatch.setattr(server_defences, "HEADER_TIMEOUT", 0.4)
    _, port = echo
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        time.sleep(0.25)
        sock.sendall(post(b"one"))
        responses(sock, 1)
        time.sleep(0.25)  # past the deadline counted from connecting; within the moved one
        sock.sendall(post(b"two"))
        [(_, _, body)] = responses(sock, 1)
        answered = time.monotonic()
        assert json.loads(body) == {"direct": "two"}
        assert sock.recv(1) == b""  # closed once idle for HEADER_TIMEOUT
        assert 0.3 < time.monotonic() - answered < 2


@pytest.fixture
def quick(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Echo, int]]:
    """A server with short deadlines: 0.3 s for headers (and keep-alive), 3 s for a body."""
    monkeypatch.setattr(server_defences, "HEADER_TIMEOUT", 0.3)
    monkeypatch.setattr(server_defences, "BODY_TIMEOUT", 3.0)
    with serving(bot) as served:
        yield served


def test_a_request_read_with_a_direct_answer_keeps_its_whole_body_time(quick: tuple[Echo, int]) -> None:
    """A direct answer ends inside a read; the next request in that read must not be cut off
    by the keep-alive timer the answer's end sets (its body deadline applies instead)."""
    _, port = quick
    for second in (post(b"held later"), post(b"asgi later")):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(post(b"first") + second[:-3])
            time.sleep(0.8)  # past the keep-alive and header time, within the body's
            sock.sendall(second[-3:])
            answers = [json.loads(b) for _, _, b in responses(sock, 2)]
        [said] = answers[1].values()
        assert answers[0] == {"direct": "first"} and second.endswith(said.encode())


def test_a_pipelined_request_keeps_its_body_time_and_is_not_counted_as_headers(
    quick: tuple[Echo, int],
) -> None:
    route, port = quick
    big = post(b"asgi " + b"y" * (40 * 1024))  # over the header cap, were it counted as headers
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(post(b"asgi first") + big[:-3])  # the second waits behind the first
        time.sleep(0.8)
        sock.sendall(big[-3:])
        statuses = [status for status, _, _ in responses(sock, 2)]
    assert statuses == [b"HTTP/1.1 200 OK"] * 2 and len(route.asgi_calls[-1]) == 40 * 1024 + 5


def test_nothing_is_answered_after_a_direct_answer_ends_the_connection(echo: tuple[Echo, int]) -> None:
    """HTTP/1.0 ends the connection after its answer even when it asks to keep it: requests
    read after it are neither answered nor run."""
    route, port = echo
    data = post(b"one", b"Connection: keep-alive", version=b"1.0") + post(b"two") + post(b"three")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        [(_, _, body)] = responses(sock, 1)
        assert sock.recv(65536) == b""
    assert json.loads(body) == {"direct": "one"} and route.direct_calls == [b"one"]
    assert route.asgi_calls == []


def test_an_absurd_content_length_is_refused_not_a_crash(echo: tuple[Echo, int]) -> None:
    route, port = echo
    zeros = b"Content-Length: " + b"0" * 5000 + b"5"
    [(status, _, body)] = exchange(port, post(b"hello", zeros, sized=False))
    assert status == b"HTTP/1.1 200 OK" and json.loads(body) == {"direct": "hello"}
    huge = b"Content-Length: 1" + b"0" * 12  # a terabyte: never held, refused unread
    [(status, _, _)] = exchange(port, post(b"", huge, sized=False))
    assert status.startswith(b"HTTP/1.1 413") and route.asgi_calls == []
