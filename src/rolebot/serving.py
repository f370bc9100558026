"""The HTTP server's own defences, for every endpoint any platform mounts: request bodies read
with a size cap and a time limit, JSON error answers, and a uvicorn protocol that closes
connections which never finish their headers, bounds header size and count, and makes room
for new connections by closing the oldest idle ones instead of refusing real traffic.

Standard library only at import; uvicorn is imported when a server is built."""

from __future__ import annotations

import asyncio
import json
import logging
import resource
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, Protocol, cast

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# A route's synchronous answer to a request read whole: its scope and body in, the JSON body of
# a 200 answer out, or None when the route's ASGI app must answer it instead (it then sees the
# request as if nothing had happened). The server's protocol calls it without an ASGI task, an
# ASGI message or a second write (see `direct_routes`), and so without the server's middleware:
# the scope's client and scheme are the socket's, never a proxy's headers, and no access line
# is logged (rolebot's servers log none). A handler that raises gets a 500 and the connection
# closes, as uvicorn does for an app.
Direct = Callable[[Scope, bytes], bytes | None]
DIRECT_BODY = 16 * 1024  # bytes: a larger (or unsized) body always goes to the ASGI app

log = logging.getLogger("rolebot.server")

MAX_BODY = 1 << 20  # bytes: Slack's and Discord's own payloads are far smaller
BODY_TIMEOUT = 10.0  # seconds to receive a whole body once the headers are in
HEADER_TIMEOUT = 5.0  # seconds from connecting (or from the previous answer) to complete headers
MAX_HEADER_BYTES = 32 * 1024  # request line and headers together
MAX_HEADERS = 64
MAX_CONNECTIONS = 2000  # open sockets; past it the oldest idle ones are closed, and uvicorn
# answers 503 once this many requests are in flight at once


BODY_LATE = "body not received in time"
# set in a request's scope by the guarded protocol, which then enforces BODY_TIMEOUT itself:
# one timer on the connection, instead of a timeout context in every request
DEADLINE = "rolebot.body_deadline"


class BadRequest(Exception):
    """A request the server refuses before reading it any further."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def header(scope: Scope, name: bytes) -> str:
    """One request header as text (latin-1, as HTTP has it); "" when absent."""
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


async def read_body(
    scope: Scope, receive: Receive, limit: int = MAX_BODY, *, declared: str | None = None
) -> bytes:
    """The whole request body, refusing (413) one over `limit` before reading it when its
    Content-Length says so, and as soon as it passes the limit otherwise; 408 when it does
    not arrive within `BODY_TIMEOUT`. `declared`: the Content-Length header, when the caller
    has already read it."""
    if declared is None:
        declared = header(scope, b"content-length")
    if declared and (not declared.isascii() or not declared.isdigit()):
        raise BadRequest(400, "bad content-length")
    if declared and (len(declared.lstrip("0")) > len(str(limit)) or int(declared) > limit):
        raise BadRequest(413, f"body over {limit} bytes")

    if scope.get(DEADLINE):  # the server's protocol answers 408 itself (`guarded_protocol`)
        return await _gather(receive, limit)
    try:
        async with asyncio.timeout(BODY_TIMEOUT):  # no extra task, unlike wait_for
            return await _gather(receive, limit)
    except TimeoutError:
        raise BadRequest(408, BODY_LATE) from None


async def _gather(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest(400, "client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, f"body over {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def send_json(send: Send, status: int, data: Any, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    await send_body(send, status, json.dumps(data).encode(), headers)


async def send_body(
    send: Send, status: int, body: bytes, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """JSON already encoded."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, error: BadRequest) -> None:
    close = [(b"connection", b"close")] if error.status in (408, 413) else []
    await send_json(send, error.status, {"error": error.message}, close)


class Routed(Protocol):
    """An ASGI app whose routes may answer some requests directly (`Direct`), by path."""

    direct: Mapping[str, Direct]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...


def direct_routes(app: object) -> Mapping[str, Direct]:
    """The direct answers of the app a server runs, seen through the middleware the server
    wraps it in (each keeps the app it wraps as `.app`)."""
    for _ in range(8):
        found = getattr(app, "direct", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
        app = getattr(app, "app", None)
        if app is None:
            break
    return {}


def _declared_length(headers: Iterable[tuple[bytes, bytes]]) -> int | None:
    """The Content-Length, when it is one small enough to hold a body for."""
    for name, value in headers:
        if name == b"content-length":
            digits = value.lstrip(b"0") or b"0"
            return int(digits) if digits.isdigit() and len(digits) <= 9 else None
    return None


def where(exc: BaseException) -> str:
    """An exception's type and the line that raised it, for a log line (no traceback)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {'/'.join(frames[-1].filename.split('/')[-2:])}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{at}"


OK_HEAD = b"HTTP/1.1 200 OK\r\n"
FAILED = b'{"error": "internal error"}'


def guarded_protocol() -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol with the defences uvicorn lacks: a header timeout, caps on
    header size and count, and eviction of the oldest idle connection when too many are open.

    A POST to a path the app answers directly (`Direct`) is held until its body is in, then
    answered in the protocol itself: one call, one write. It takes the ASGI way instead when
    the handler says so, and always for a request that is pipelined behind another, expects
    `100 Continue`, has no Content-Length or a body over `DIRECT_BODY`, or finds the client
    not reading its answers. Every defence above applies to both ways."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    class GuardedProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self._waiting_since = 0.0
            self._header_bytes = 0
            self._header_count = 0
            # timers are lazy: a kept-alive connection moves its header deadline with every
            # request, and its one timer is set again only when it fires early; a body that
            # comes with its headers never starts one
            self._header_deadline: float | None = None  # waiting for headers until then
            self._header_timer: asyncio.TimerHandle | None = None
            self._body_due = False  # headers in, the body not yet: a deadline once this read ends
            self._body_timer: asyncio.TimerHandle | None = None
            self._refused = False
            self._direct = direct_routes(self.app)
            self._starting = False  # inside on_headers_complete: a request not pipelined
            self._held: tuple[RequestResponseCycle, Direct] | None = None
            if len(self.connections) >= MAX_CONNECTIONS:
                self._evict_idle()
            super().connection_made(transport)
            self._arm_header_timer()

        def _arm_header_timer(self) -> None:
            if self._header_deadline is None:
                self._waiting_since = now = self.loop.time()
                self._header_deadline = now + HEADER_TIMEOUT
                if self._header_timer is None:
                    self._header_timer = self.loop.call_at(self._header_deadline, self._header_check)

        def _disarm_header_timer(self) -> None:
            self._header_deadline = None  # a timer still set finds nothing to do and lapses

        def _stop_header_timer(self) -> None:
            self._header_deadline = None
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _header_check(self) -> None:
            self._header_timer = None
            deadline = self._header_deadline
            if deadline is None:
                return
            if self.loop.time() < deadline:  # moved since the timer was set
                self._header_timer = self.loop.call_at(deadline, self._header_check)
            elif not self.transport.is_closing():
                self.transport.close()

        def _idle(self) -> bool:
            return self._header_deadline is not None and (self.cycle is None or self.cycle.response_complete)

        def _evict_idle(self) -> None:
            idle = [c for c in self.connections if isinstance(c, GuardedProtocol) and c._idle()]
            for conn in sorted(idle, key=lambda c: c._waiting_since)[: max(1, len(idle) // 10)]:
                conn.transport.close()
                self.connections.discard(conn)

        def _body_timeout(self) -> None:
            """The body did not arrive in time: 408, unless an answer has begun; closed."""
            self._body_timer = None
            if self.transport.is_closing():
                return
            if self.cycle is not None and self.cycle.response_started:
                self.transport.close()
                return
            body = json.dumps({"error": BODY_LATE}).encode()
            self._refuse(b"408 Request Timeout", body)

        def _disarm_body_timer(self) -> None:
            self._body_due = False
            if self._body_timer is not None:
                self._body_timer.cancel()
                self._body_timer = None

        def _refuse(self, status: bytes, body: bytes = b"") -> None:
            self._refused = True
            self._stop_header_timer()
            self._disarm_body_timer()
            kind = b"content-type: application/json\r\n" if body else b""
            length = str(len(body)).encode()
            self.transport.write(
                b"HTTP/1.1 "
                + status
                + b"\r\nconnection: close\r\n"
                + kind
                + b"content-length: "
                + length
                + b"\r\n\r\n"
                + body
            )
            self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._held = None
            self._stop_header_timer()
            self._disarm_body_timer()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            if not self._refused:  # a refusal has already been written
                super().send_400_response(msg)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            if self._header_deadline is not None:  # still waiting for a request's headers
                end = data.find(b"\r\n\r\n")  # what follows the headers is body, not counted
                self._header_bytes += len(data) if end < 0 else end
                if self._header_bytes > MAX_HEADER_BYTES:
                    self._refuse(b"431 Request Header Fields Too Large")
                    return
            super().data_received(data)
            if self._body_due and self._body_timer is None and not self._refused:
                self._body_timer = self.loop.call_later(BODY_TIMEOUT, self._body_timeout)

        def on_message_begin(self) -> None:
            # a direct answer ends its request inside a read, where uvicorn then sets its
            # keep-alive timer: the next request in the same read must stop it, as a new read does
            self._unset_keepalive_if_required()
            super().on_message_begin()
            self._header_count = 0
            self._arm_header_timer()

        def on_header(self, name: bytes, value: bytes) -> None:
            self._header_count += 1
            if self._header_count <= MAX_HEADERS:  # memory is bounded by MAX_HEADER_BYTES anyway
                super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._disarm_header_timer()
            self._header_bytes = 0
            if self._header_count > MAX_HEADERS:
                self._refuse(b"431 Request Header Fields Too Large")
                raise ValueError("too many headers")  # stops the parser; uvicorn's 400 is skipped
            self._starting = True
            try:
                super().on_headers_complete()
            finally:
                self._starting = False
            # the body must follow within BODY_TIMEOUT: enforced here (a timer from the end of
            # this read, unless the body came in it), so read_body needs no timeout of its own
            # (the app sees the scope before it runs). A pipelined request waits its turn
            # unread: read_body keeps its own timeout for it.
            if not self.pipeline or not any(cycle is self.cycle for cycle, _ in self.pipeline):
                self.scope[DEADLINE] = True  # type: ignore[literal-required]
                self._body_due = True

        def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
            """Hold a request its route answers directly until its body is in (see above)."""
            if self.transport.is_closing():  # read after a direct answer that ended the connection
                return
            if self._starting and self._direct and app is self.app and cycle.scope["method"] == "POST":
                handler = self._direct.get(cycle.scope["path"])
                if handler is not None and not cycle.waiting_for_100_continue:
                    size = _declared_length(cycle.scope["headers"])
                    if size is not None and size <= DIRECT_BODY:
                        self._held = (cycle, handler)
                        return
            super()._start_asgi_task(cycle, app)

        def on_message_complete(self) -> None:
            self._disarm_body_timer()
            super().on_message_complete()
            held, self._held = self._held, None
            if held is not None:
                self._answer_directly(*held)

        def _answer_directly(self, cycle: RequestResponseCycle, handler: Direct) -> None:
            if self.transport.is_closing():  # closed (shut down, timed out) while the body came
                return
            body: bytes | None = None
            status = OK_HEAD
            if not self.flow.write_paused:  # a client not reading its answers waits, the ASGI way
                try:
                    body = handler(cast(Scope, cycle.scope), bytes(cycle.body))
                except Exception as exc:  # a bug: one line saying where, and a 500
                    log.error("a direct answer failed: %s; answered 500", where(exc))
                    body, status = FAILED, b"HTTP/1.1 500 Internal Server Error\r\n"
                    cycle.keep_alive = False  # as uvicorn does after an app fails
            if body is None:
                super()._start_asgi_task(cycle, self.app)
                return
            head = [status]
            for name, value in self.server_state.default_headers:
                head += (name, b": ", value, b"\r\n")
            if not cycle.keep_alive:
                head.append(b"connection: close\r\n")
            head.append(b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body))
            head.append(body)
            self.transport.write(b"".join(head))
            cycle.response_started = cycle.response_complete = True
            cycle.message_event.set()
            if not cycle.keep_alive:
                self.transport.close()
            self.on_response_complete()

        def on_response_complete(self) -> None:
            pipelined = bool(self.pipeline)  # the next request is in already and starts now
            super().on_response_complete()
            self._header_bytes = 0
            if not pipelined:  # a kept-alive connection must start its next request in time
                self._arm_header_timer()

    return GuardedProtocol


def raise_open_file_limit() -> int:
    """Lift the soft limit on open files to the hard one, so idle sockets cannot exhaust it
    before eviction starts. Returns the limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def config(app: ASGIApp | str, host: str, port: int, **overrides: Any) -> Any:
    """The uvicorn configuration every rolebot server runs with."""
    import uvicorn

    files = raise_open_file_limit()
    global MAX_CONNECTIONS
    MAX_CONNECTIONS = max(64, min(MAX_CONNECTIONS, files - 64))
    settings: dict[str, Any] = {
        "host": host,
        "port": port,
        "http": guarded_protocol(),
        "log_level": "warning",
        "access_log": False,
        "lifespan": "off",
        "timeout_keep_alive": HEADER_TIMEOUT,
        "limit_concurrency": MAX_CONNECTIONS + 1,
        "backlog": 2048,
        "timeout_graceful_shutdown": 10,
        # rolebot sets logging up itself (`rolebot.logs.configure`); uvicorn's dictConfig would
        # close its handlers, and with them the answer log's batching thread
        "log_config": None,
        **overrides,
    }
    return uvicorn.Config(app, **settings)
