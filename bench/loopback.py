"""What the HTTP benchmarks share: a free port, and requests timed over one keep-alive
connection on loopback, in interleaved rounds so that drift in machine load hits every case
alike. Requests are built before the clock starts (signing is the sender's work, not ours)."""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Callable
from http.client import HTTPConnection

Request = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_up(port: int, tries: int = 400) -> None:
    for _ in range(tries):
        try:
            HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.05)


def run(port: int, n: int, make: Callable[[int], Request]) -> tuple[list[float], float]:
    """Latency of each request (ms) and requests per second, over one connection."""
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    requests = [make(i) for i in range(n)]
    times = []
    start = time.perf_counter()
    for method, path, body, headers in requests:
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200, resp.status
        times.append((time.perf_counter() - t0) * 1000)
    rate = n / (time.perf_counter() - start)
    conn.close()
    return times, rate


def rounds(
    port: int, cases: dict[str, Callable[[int], Request]], requests: int, warm: int = 200
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Every case warmed, then five interleaved rounds: latencies and median requests/s."""
    for make in cases.values():
        run(port, warm, make)
    times: dict[str, list[float]] = {k: [] for k in cases}
    rates: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(5):
        for name, make in cases.items():
            t, r = run(port, requests // 5, make)
            times[name] += t
            rates[name].append(r)
    return times, {k: statistics.median(v) for k, v in rates.items()}


def line(name: str, times: list[float], rate: float) -> str:
    ts = sorted(times)
    p50, p99 = statistics.median(ts), ts[int(len(ts) * 0.99)]
    return f"{name:16} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {rate:8.0f} req/s (one client, keep-alive)"
