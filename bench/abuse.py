"""What one abusive user or client costs, beside normal traffic measured in the same run.

1. The core: the worst inputs we can construct (long made-up words, floods of distinct words,
   text that grows under Unicode normalisation...) on every path, against a normal question.
2. HTTP: signed slash commands from one client, alone and then beside one abusive client at a
   time (each in its own process): oversized bodies, forged 1 MB bodies, bad headers, 1 MB
   headers, 1,500 idle sockets, and a signed member sending the worst text. Prints normal
   traffic's throughput and p99 in each case and the ratio to the run without abuse.
Targets: core worst case a few ms and a few MB; normal traffic keeps >= 80% of its
throughput and p99 < 20 ms while one abusive client runs.
Run: python bench/abuse.py [--seconds S]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import socket
import statistics
import string
import sys
import time
import tracemalloc
from collections.abc import Callable
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.slack_http import start_server  # noqa: E402
from tests.slack.conftest import FORM, _mock_slack, command_body, signed_headers  # noqa: E402
from tests.test_bounds import PREFIXES, adversarial  # noqa: E402

# --- 1. the core ---------------------------------------------------------------------------


def core() -> None:
    from rolebot.bot import Bot

    bot = Bot()
    bot.answer("ask warm up the index")
    normal = "how much does a senior ML engineer make in London?"
    base = []
    for i in range(300):
        t0 = time.perf_counter()
        bot.answer(f"{normal} {i}")
        base.append(time.perf_counter() - t0)
    baseline = statistics.median(base)
    print(f"core: a normal question takes {baseline * 1000:.3f} ms (median of 300)")
    worst_t, worst_m, worst_case = 0.0, 0, ""
    names = [
        "1,000-letter word",
        "2,000-letter word",
        "10,000-letter word",
        "1,200 distinct 8-letter words",
        "400 distinct 20-letter words",
        "2,000 hyphenated 3-letter parts",
        "50,000 times 'a'",
        "'senior' 5,000 times",
        "NFKC x18 character 5,000 times",
        "combining accents 5,000 times",
        "random code points",
        "5,000 mention tokens",
        "4,000 digits",
    ]
    print(f"{'worst input':34} {'path':10} {'time ms':>8} {'x normal':>9} {'peak MB':>8}")
    for n, name in enumerate(names):
        row_t, row_m, row_p = 0.0, 0, ""
        for prefix in PREFIXES:
            text = prefix + adversarial(seed=len(prefix))[n] + " x"
            t0 = time.perf_counter()
            bot.answer(text)
            elapsed = time.perf_counter() - t0
            tracemalloc.start()
            bot.answer(text + "y")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            if elapsed > row_t:
                row_t, row_p = elapsed, prefix.strip() or "(question)"
            row_m = max(row_m, peak)
        print(f"{name:34} {row_p:10} {row_t * 1000:8.2f} {row_t / baseline:9.0f} {row_m / 1e6:8.2f}")
        if row_t > worst_t:
            worst_t, worst_case = row_t, name
        worst_m = max(worst_m, row_m)
    print(f"core worst case: {worst_t * 1000:.2f} ms ({worst_case}), peak {worst_m / 1e6:.2f} MB")


# --- 2. HTTP -------------------------------------------------------------------------------


def _abuse(kind: str, port: int, stop: mp.synchronize.Event, base: str) -> None:  # type: ignore[name-defined]
    """One abusive client, until told to stop."""
    rng = random.Random(7)
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    forged = b"X-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: v0=" + b"0" * 64 + b"\r\n"
    held: list[socket.socket] = []
    while not stop.is_set():
        try:
            if kind == "idle sockets":
                if len(held) < 1500:
                    s = socket.create_connection(("127.0.0.1", port), timeout=5)
                    s.sendall(b"POST /slack/events HTTP/1.1\r\n")
                    held.append(s)
                else:
                    time.sleep(0.05)
                continue
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                if kind == "oversized bodies":
                    s.sendall(head + forged % int(time.time()) + b"Content-Length: 10000000\r\n\r\n")
                elif kind == "forged 1 MB bodies":
                    body = b"&".join(b"f%d=x" % i for i in range(120_000))[: (1 << 20) - 10]
                    s.sendall(
                        head + forged % int(time.time()) + b"Content-Length: %d\r\n\r\n" % len(body) + body
                    )
                elif kind == "bad headers":
                    s.sendall(
                        head
                        + "X-Slack-Request-Timestamp: ²\r\nContent-Length: 3\r\n\r\na=b".encode("latin-1")
                    )
                elif kind == "1 MB headers":
                    s.sendall(b"GET /healthz HTTP/1.1\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")
                elif kind == "signed worst text":
                    text = " ".join(
                        "".join(rng.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(440)
                    )
                    body = command_body("/salary", text, base)
                    headers = "".join(f"{k}: {v}\r\n" for k, v in signed_headers(body, FORM).items())
                    s.sendall(
                        b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
                        + headers.encode()
                        + b"Content-Length: %d\r\n\r\n" % len(body)
                        + body
                    )
                s.recv(65536)
        except OSError:
            time.sleep(0.001)
    for s in held:
        s.close()


def normal_traffic(port: int, seconds: float, base: str) -> tuple[float, float]:
    """(requests per second, p99 ms) of signed slash commands from one keep-alive client."""
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    cases = ["senior ml", "staff ai", "", "junior"]
    times = []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        body = command_body("/salary", cases[i % len(cases)], base)
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/slack/events", body=body, headers=signed_headers(body, FORM))
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except OSError:
            ok = False
        if not ok:
            conn.close()
            conn = HTTPConnection("127.0.0.1", port, timeout=10)
        times.append((time.perf_counter() - t0) * 1000)
        i += 1
    conn.close()
    times.sort()
    return len(times) / seconds, times[int(len(times) * 0.99)]


def http(seconds: float) -> None:
    mock = _mock_slack()
    base = mock.base
    ctx = mp.get_context("spawn")
    server, port = start_server(base + "/api/")
    try:
        normal_traffic(port, 1.0, base)  # warm up
        kinds = [
            "oversized bodies",
            "forged 1 MB bodies",
            "bad headers",
            "1 MB headers",
            "idle sockets",
            "signed worst text",
        ]
        rate0, p990 = normal_traffic(port, seconds, base)
        targets = "(targets: ratio >= 0.80, p99 < 20)"
        print(f"\nhttp: {'beside':22} {'req/s':>8} {'ratio':>6} {'p99 ms':>7}   {targets}")
        print(f"http: {'nothing (baseline)':22} {rate0:8.0f} {1:6.2f} {p990:7.2f}")
        for kind in kinds:
            stop = ctx.Event()
            abuser: Callable[..., None] = _abuse
            proc = ctx.Process(target=abuser, args=(kind, port, stop, base), daemon=True)
            proc.start()
            time.sleep(1.0)  # let it get going (idle sockets: open them all)
            rate, p99 = normal_traffic(port, seconds, base)
            stop.set()
            proc.join(10)
            print(f"http: {kind:22} {rate:8.0f} {rate / rate0:6.2f} {p99:7.2f}")
    finally:
        server.terminate()
        server.join(5)
        mock.server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=4.0, help="per HTTP measurement")
    ap.add_argument("--core-only", action="store_true")
    args = ap.parse_args()
    core()
    if not args.core_only:
        http(args.seconds)


if __name__ == "__main__":
    main()
