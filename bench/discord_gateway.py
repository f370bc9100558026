"""Gateway dispatch to callback: the real `rolebot discord run` process against a fake gateway
and the mock REST API on loopback. Each INTERACTION_CREATE is timed from the gateway sending it
to the mock receiving the interaction's callback. Prints p50/p99 over N commands.
Run: python bench/discord_gateway.py [--requests N]"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.discord.conftest import APP_ID, BOT_ID, interaction_json, start_mock, user  # noqa: E402
from tests.discord.gateway import FakeGateway  # noqa: E402

COMMANDS = [
    {"id": "1", "name": "salary", "type": 1, "options": [{"name": "level", "type": 3, "value": "senior"}]},
    {"id": "2", "name": "faq", "type": 1, "options": [{"name": "question", "type": 3, "value": "2"}]},
    {"id": "3", "name": "compare", "type": 1},
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    mock = start_mock()
    gateway = FakeGateway(user(BOT_ID, "rolebot", True), APP_ID, "bench-token").start()
    mock.gateway_url = gateway.url
    env = {
        **os.environ,
        "DISCORD_TOKEN": "bench-token",
        "DISCORD_API_URL": mock.base,
        "DISCORD_GATEWAY_URL": gateway.url,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rolebot", "discord", "run"], env=env, stderr=subprocess.DEVNULL
    )
    try:
        gateway.wait(lambda: gateway.identifies, timeout=60)
        time.sleep(0.5)
        times = []
        for n in range(args.requests):
            iid = str(10_000 + n)
            seen = len(mock.calls)
            t0 = time.perf_counter()
            gateway.dispatch("INTERACTION_CREATE", interaction_json(iid, 2, COMMANDS[n % len(COMMANDS)]))
            while not any(f"/interactions/{iid}/" in c.path for c in mock.calls[seen:]):
                time.sleep(0.0002)
            times.append((time.perf_counter() - t0) * 1000)
        times = times[20:]  # the first ones warm the caches
        times.sort()
        p50, p99 = statistics.median(times), times[int(len(times) * 0.99)]
        print(f"gateway dispatch to callback: p50 {p50:.2f} ms  p99 {p99:.2f} ms over {len(times)} commands")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        mock.server.shutdown()


if __name__ == "__main__":
    main()
