"""Signed Discord interactions over loopback against `rolebot serve`'s endpoint, beside a bare
endpoint on the same server that returns fixed JSON: p50/p99 and requests per second.
Targets: p99 under 10 ms; at least half the bare endpoint's throughput.
Run: python bench/discord_http.py [--requests N]"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loopback import Request, free_port, line, rounds, wait_up  # noqa: E402

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
    wait_up(port)
    try:

        def signed(i: int) -> Request:
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
            return "POST", "/discord/interactions", body, headers

        def bare(i: int) -> Request:
            return "POST", "/bare", b"{}", {"Content-Type": "application/json"}

        def bare_reply(i: int) -> Request:
            _, _, body, headers = signed(i)
            return "POST", "/bare-reply", body, headers

        cases = {"signed command": signed, "bare tiny JSON": bare, "bare same-size": bare_reply}
        times, rps = rounds(port, cases, args.requests)
        for name in cases:
            print(line(name, times[name], rps[name]))
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
