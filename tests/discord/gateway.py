"""A fake Discord gateway on loopback, for running the real `rolebot discord run` process: it
says HELLO, checks IDENTIFY (token, intents, shard), answers READY, acknowledges heartbeats,
sends the dispatches a test asks for, asks for a RECONNECT (expecting RESUME) or declares the
session invalid (expecting a new IDENTIFY), and records how each connection closed. Payloads
are zlib-stream compressed when the client asks for it, as Discord does."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
HELLO, IDENTIFY, RESUME, RECONNECT, INVALID, HEARTBEAT, ACK, DISPATCH = 10, 2, 6, 7, 9, 1, 11, 0


@dataclass
class Connection:
    ws: web.WebSocketResponse
    compress: Any | None
    seq: int = 0
    close_code: int | None = None
    closed: bool = False

    async def send(self, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        if self.compress is not None:
            await self.ws.send_bytes(self.compress.compress(raw) + self.compress.flush(zlib.Z_SYNC_FLUSH))
        else:
            await self.ws.send_str(raw.decode())

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        await self.send({"op": DISPATCH, "t": event, "s": self.seq, "d": data})


@dataclass
class FakeGateway:
    bot_user: dict[str, Any]
    application_id: str
    token: str
    port: int = 0
    heartbeat_ms: int = 1000  # short, so heartbeats and their ACKs happen within a test
    identifies: list[dict[str, Any]] = field(default_factory=list)
    resumes: list[dict[str, Any]] = field(default_factory=list)
    closes: list[int | None] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    loop: asyncio.AbstractEventLoop | None = None
    received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        compress = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        conn = Connection(ws, compress)
        self.connections.append(conn)
        await conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_ms}})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            self.received.append(payload)
            op, data = payload.get("op"), payload.get("d")
            if op == HEARTBEAT:
                await conn.send({"op": ACK})
            elif op == IDENTIFY:
                self.identifies.append(data)
                if data.get("token") != self.token or int(data.get("intents", 0)) & PRIVILEGED:
                    await ws.close(code=4004 if data.get("token") != self.token else 4014)
                    break
                ready: dict[str, Any] = {
                    "v": 10,
                    "user": self.bot_user,
                    "guilds": [],
                    "session_id": f"session-{len(self.identifies)}",
                    "resume_gateway_url": self.url,
                    "application": {"id": self.application_id, "flags": 0},
                }
                if "shard" in data:
                    ready["shard"] = data["shard"]
                await conn.dispatch("READY", ready)
            elif op == RESUME:
                self.resumes.append(data)
                conn.seq = int(data.get("seq") or 0)
                await conn.dispatch("RESUMED", {})
        conn.close_code, conn.closed = ws.close_code, True
        self.closes.append(ws.close_code)
        return ws

    def start(self) -> FakeGateway:
        started = threading.Event()

        def run() -> None:
            self.loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_get("/", self.handle)
            runner = web.AppRunner(app)
            self.loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            started.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        started.wait(10)
        return self

    def call(self, coro: Any) -> Any:
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def live(self) -> Connection:
        return next(c for c in reversed(self.connections) if not c.ws.closed)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.call(self.live().dispatch(event, data))

    def send(self, payload: dict[str, Any]) -> None:
        self.call(self.live().send(payload))

    def drop(self, code: int) -> None:
        """Close the live connection from Discord's side with `code`."""
        self.call(self.live().ws.close(code=code))

    def wait(self, check: Any, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while not check():
            if time.monotonic() > end:
                raise AssertionError("the gateway never saw it")
            time.sleep(0.02)
