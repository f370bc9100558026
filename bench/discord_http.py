"""Signed Discord interactions over loopback against `rolebot serve`'s endpoint, beside a bare
endpoint on the same server that returns fixed JSON: p50/p99 and requests per second.
Targets: p99 under 10 ms; at least half the bare endpoint's throughput.
Run: python bench/discord_http.py [--requests N]"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import sys
import time
from collections.abc import Callable
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


COMMANDS = [
    {"name": "salary", "options": [{"name": "level", "type": 3, "value": "senior"}]},
    {"name": "faq", "options": [{"name": "question", "type": 3, "value": "2"}]},
    {"name": "compare"},
    {"name": "decide", "options": [{"name": "team", "type": 3, "value": "ml"}]},
]


def serve(port: int, public_hex: str) -> None:
    import uvicorn

    from rolebot.bot import Bot
    from rolebot.server import Mount, build_app
    from rolebot.serving import config, send_json
    from rolebot.settings import Settings
    from rolebot_discord.plugin import PLATFORM

    settings = Settings(environ={"DISCORD_PUBLIC_KEY": public_hex, "DISCORD_API_URL": "http://127.0.0.1:9"})
    bot = Bot(settings=settings)
    bot.warm()
    mounted = PLATFORM.mount(bot, settings)
    assert isinstance(mounted, Mount)

    from rolebot_discord.payload import render_messages

    fixed = {"type": 4, "data": render_messages(bot.answer("/salary senior"))[0]}  # a real answer's size

    async def bare(scope, receive, send):  # type: ignore[no-untyped-def]
        await send_json(send, 200, {"type": 1})

    async def bare_reply(scope, receive, send):  # type: ignore[no-untyped-def]
        await send_json(send, 200, fixed)

    mounted.routes["/bare"] = bare
    mounted.routes["/bare-reply"] = bare_reply
    uvicorn.Server(config(build_app(bot, mounted), "127.0.0.1", port, log_level="error")).run()


def run(
    port: int, n: int, make: Callable[[int], tuple[str, bytes, dict[str, str]]]
) -> tuple[list[float], float]:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    start = time.perf_counter()
    for i in range(n):
        path, body, headers = make(i)
        t0 = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200, resp.status
        times.append((time.perf_counter() - t0) * 1000)
    rate = n / (time.perf_counter() - start)
    conn.close()
    return times, rate


def main() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    port = free_port()
    proc = mp.get_context("spawn").Process(target=serve, args=(port, public), daemon=True)
    proc.start()
    for _ in range(400):
        try:
            HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            break
        except OSError:
            time.sleep(0.05)
    try:

        def signed(i: int) -> tuple[str, bytes, dict[str, str]]:
            body = json.dumps(
                {
                    "type": 2,
                    "id": str(i),
                    "application_id": "1",
                    "token": "t",
                    "data": COMMANDS[i % len(COMMANDS)],
                }
            ).encode()
            stamp = str(int(time.time()))
            sig = key.sign(stamp.encode() + body).hex()
            headers = {
                "Content-Type": "application/json",
                "X-Signature-Ed25519": sig,
                "X-Signature-Timestamp": stamp,
            }
            return "/discord/interactions", body, headers

        def bare(i: int) -> tuple[str, bytes, dict[str, str]]:
            return "/bare", b"{}", {"Content-Type": "application/json"}

        def bare_reply(i: int) -> tuple[str, bytes, dict[str, str]]:
            _, body, headers = signed(i)
            return "/bare-reply", body, headers

        cases = {"signed command": signed, "bare tiny JSON": bare, "bare same-size": bare_reply}
        for fn in cases.values():
            run(port, 200, fn)
        times: dict[str, list[float]] = {k: [] for k in cases}
        rates: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(5):  # interleaved rounds
            for name, fn in cases.items():
                t, r = run(port, args.requests // 5, fn)
                times[name] += t
                rates[name].append(r)
        rps = {k: statistics.median(v) for k, v in rates.items()}
        for name in cases:
            ts = sorted(times[name])
            p50, p99 = statistics.median(ts), ts[int(len(ts) * 0.99)]
            rate = rps[name]
            print(
                f"{name:15} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {rate:8.0f} req/s (one client, keep-alive)"
            )
        tiny = rps["signed command"] / rps["bare tiny JSON"]
        same = rps["signed command"] / rps["bare same-size"]
        print(
            f"throughput ratio signed / bare tiny JSON: {tiny:.2f}; signed / bare same-size JSON: {same:.2f} "
            "(target >= 0.5; Ed25519 verification alone is about 55 us a request); p99 target < 10 ms"
        )
    finally:
        proc.terminate()
        proc.join(5)


if __name__ == "__main__":
    main()
