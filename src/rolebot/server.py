"""One HTTP server for every endpoint: `rolebot serve`.

    GET /healthz   the process is up: content version and packs
    GET /readyz    ready for traffic: content loaded, and each configured platform reachable
    GET /metrics   Prometheus text: answers, latency, content version, reloads, platform failures
    ...            every configured platform's own endpoints (Slack: POST /slack/events)

Platforms mount their endpoints through `mount(bot, settings)` on their plugin object. With
`--workers N` each worker is a separate process with its own copy of the content, indexes,
caches, content watcher and metrics (scrape each, or run one worker per container); Slack's
retry de-duplication is per process too. Nothing else is kept between requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rolebot.bot import Bot
from rolebot.logs import configure
from rolebot.serving import ASGIApp, Direct, Receive, Routed, Scope, Send, send_json
from rolebot.settings import Settings

if TYPE_CHECKING:
    from rolebot.metrics import Metrics

log = logging.getLogger("rolebot.server")
Check = Callable[[], Awaitable[bool]]
READY_TIMEOUT = 2.0  # seconds a platform has to answer a readiness check
CHARTS = "/charts/"
READY_FOR = 15.0  # seconds a readiness answer is reused, so probes never flood a platform


@dataclass
class Mount:
    """What a platform adds to the server: endpoints by path, readiness checks by name, and
    the loggers of its SDK to keep quiet."""

    routes: dict[str, ASGIApp] = field(default_factory=dict)
    checks: dict[str, Check] = field(default_factory=dict)
    quiet: tuple[str, ...] = ()


class MountRefused(Exception):
    """A platform is configured, but wrongly: the server does not start (one line says why)."""


class Readiness:
    def __init__(self, bot: Bot, checks: dict[str, Check]) -> None:
        self.bot, self.checks = bot, checks
        self.known: dict[str, tuple[float, bool]] = {}

    async def state(self) -> dict[str, bool]:
        out = {"content": bool(self.bot.packs)}
        for name, check in self.checks.items():
            at, ok = self.known.get(name, (-READY_FOR, False))
            if time.monotonic() - at >= READY_FOR:
                try:
                    ok = await asyncio.wait_for(check(), READY_TIMEOUT)
                except Exception:  # unreachable, refused, timed out: not ready
                    ok = False
                self.known[name] = (time.monotonic(), ok)
            out[name] = ok
        return out


def build_app(bot: Bot, mount: Mount, metrics: Metrics | None = None) -> Routed:
    """The ASGI app: the server's own endpoints, then the platforms'."""
    return ServerApp(bot, mount, metrics)


class ServerApp:
    """The server's ASGI app. A route that can also answer a request synchronously (an
    attribute `direct`, see `rolebot.serving.Direct`) is listed in `direct` by its path."""

    def __init__(self, bot: Bot, mount: Mount, metrics: Metrics | None = None) -> None:
        self.bot, self.metrics = bot, metrics
        self.ready = Readiness(bot, mount.checks)
        self.routes = mount.routes
        direct: dict[str, Direct] = {}
        for path, route in self.routes.items():
            answer = getattr(route, "direct", None)
            if answer is not None:
                direct[path] = answer
        self.direct: Mapping[str, Direct] = direct

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        bot, metrics = self.bot, self.metrics
        if path in self.routes:
            await self.routes[path](scope, receive, send)
        elif method not in ("GET", "HEAD") and (
            path in ("/healthz", "/readyz", "/metrics") or path.startswith(CHARTS)
        ):
            await send_json(send, 405, {"error": "use GET"}, [(b"allow", b"GET, HEAD")])
        elif path == "/healthz":
            await send_json(send, 200, bot.health())
        elif path == "/readyz":
            state = await self.ready.state()
            await send_json(
                send, 200 if all(state.values()) else 503, {"ready": all(state.values()), **state}
            )
        elif path.startswith(CHARTS):  # pictures answers link to, named by content and arguments
            body = bot.chart_png(path[len(CHARTS) :])
            if body is None:
                await send_json(send, 404, {"error": "no such chart"})
                return
            headers = [
                (b"content-type", b"image/png"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"public, max-age=31536000, immutable"),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        elif path == "/metrics" and metrics is not None:
            body = metrics.text()
            headers = [
                (b"content-type", metrics_type().encode()),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        else:
            await send_json(send, 404, {"error": "not found"})


def metrics_type() -> str:
    from rolebot.metrics import CONTENT_TYPE

    return CONTENT_TYPE


def mounts(bot: Bot, settings: Settings) -> tuple[Mount, list[str]]:
    """Every installed platform's endpoints, where it is configured; and a line for each
    platform that is installed but not configured."""
    from rolebot.platforms import PlatformMissing, installed

    whole, notes = Mount(), []
    for name, listed in installed().items():
        try:
            platform = listed.load()
        except PlatformMissing:
            continue
        mount_of = getattr(platform, "mount", None)
        if mount_of is None:
            continue
        try:
            found: Mount | str = mount_of(bot, settings)
        except ImportError:  # its SDK is not installed: nothing to mount
            notes.append(f"{name}: not mounted (pip install 'rolebot[{listed.extra}]')")
            continue
        if isinstance(found, str):  # what to set to mount it
            notes.append(f"{name}: not mounted ({found})")
            continue
        whole.routes.update(found.routes)
        whole.checks.update(found.checks)
        whole.quiet += found.quiet
    return whole, notes


def app_for(settings: Settings) -> tuple[Routed, Bot, Mount, list[str]]:
    """A server's app, its bot (warmed and watching its content) and what was mounted."""
    from rolebot.metrics import Metrics

    bot = Bot(settings=settings)
    mount, notes = mounts(bot, settings)
    configure(settings.log_level, mount.quiet, settings.log_format)
    metrics = Metrics()
    metrics.attach(bot.version)
    bot.warm()  # every index built before the first request
    bot.watch()
    return build_app(bot, mount, metrics), bot, mount, notes


def app_factory() -> ASGIApp:
    """For worker processes: the settings read again from the environment the parent set."""
    return app_for(Settings.read())[0]


def _listening(host: str, port: int, mount: Mount, notes: list[str], workers: int) -> str:
    where = ", ".join(["/healthz", "/readyz", "/metrics", *mount.routes])
    extra = f" with {workers} workers" if workers > 1 else ""
    lines = [
        f"rolebot: listening on http://{host}:{port}{extra} ({where})",
        *(f"rolebot: {n}" for n in notes),
    ]
    return "\n".join(lines)


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    """Run the server until SIGINT or SIGTERM; in-flight requests finish first."""
    import uvicorn

    from rolebot.serving import config

    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        settings.export()  # the environment each worker reads its settings from
        mount, notes = mounts(Bot(settings=settings), settings)  # the content checked once, here
        cfg = config(
            "rolebot.server:app_factory",
            host,
            port,
            factory=True,
            workers=workers,
            http="rolebot.guarded:GuardedProtocol",
        )
        sock = bind(host, port)
        print(_listening(host, port, mount, notes, workers), flush=True)
        Multiprocess(cfg, sockets=[sock]).run()
        return 0
    app, _, mount, notes = app_for(settings)

    class Listening(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(_listening(host, port, mount, notes, 1), flush=True)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """SIGTERM and SIGINT stop the server gracefully and the process exits 0 (uvicorn
            would re-raise the signal once stopped, ending the process by it)."""
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handlers = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)

    sock = bind(host, port)
    server = Listening(config(app, host, port))
    server.run(sockets=[sock])
    return 0 if server.started else 1


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port is an `OSError` the command line
    reports in one line (uvicorn would log it and exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
