"""The HTTP server under load: signed Slack slash commands against `rolebot serve`'s own app,
beside bare endpoints on the same server and a bolt AsyncApp, measured by wrk in one run.

Each case is a closed loop of wrk (one thread; the server is one process) on loopback:
- varied: a mix of every command with every argument the content allows and plain questions
  (over 400 distinct inputs), each request with its letter case randomised, so no cache sees a
  key twice in a run;
- identical: one command, byte for byte the same request;
- bare: an endpoint on the same server that reads the body and returns fixed JSON of the same
  size as the answers (their mean, for varied traffic);
- bolt: a bolt AsyncApp with `process_before_response` that acks a fixed string, on the same
  uvicorn configuration.
Then a long run of varied traffic at concurrency 16 (the tails: p99 and the slowest request,
and the longest garbage-collection pause the server saw), and the server's memory after it.
The server logs one line per answer (to a file, as in production) and keeps its metrics on.

Targets (issue 16): varied >= 0.7x bare and identical >= 0.8x bare at 16 and 64; >= 1.5x bolt;
p99 < 5 ms at 16 and < 10 ms at 64; no request over 20 ms in 30 s at 16; RSS < 64 MB.
Run: python bench/serve.py [--seconds 8] [--tail-seconds 30]   (needs wrk: apt install wrk)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, wait_up  # noqa: E402
from tests.slack.conftest import SECRET, TOKEN, _mock_slack, command_body, signed_headers  # noqa: E402

FORM = "application/x-www-form-urlencoded"
IDENTICAL = ("/salary", "senior ml")
UMBRELLA = "rolebot"

WRK_SCRIPT = r"""
local reqs, n, i = {}, 0, 0
init = function(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local path, ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
    n = n + 1
    reqs[n] = wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Slack-Request-Timestamp"] = ts, ["X-Slack-Signature"] = sig}, body)
  end
  f:close()
  i = math.random(n)
end
request = function()
  i = i % n + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def inputs() -> list[tuple[str, str]]:
    """(command, text) pairs: every command text the content allows, and dev-set questions."""
    from rolebot.bot import Bot
    from tests.conftest import all_command_texts

    bot = Bot()
    pairs = []
    for text in all_command_texts(bot.context()):
        word, _, rest = text.partition(" ")
        pairs.append((f"/{word}", rest))
    for name in ("dev_slack.toml", "dev_personas.toml"):
        cases = tomllib.loads((ROOT / "tests" / "eval" / name).read_text())["case"]
        pairs += [(f"/{bot.registry.umbrella}", c["q"][:300]) for c in cases]
    return list(dict.fromkeys(pairs))


def shuffle_case(text: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def request_file(folder: Path, name: str, lines: list[tuple[str, bytes]]) -> Path:
    """Signed requests (path, body) as wrk's script reads them; signed now, valid for 5 minutes."""
    path = folder / f"{name}.tsv"
    with path.open("w") as fh:
        for target, body in lines:
            h = signed_headers(body, FORM)
            assert b"\t" not in body and b"\n" not in body
            fh.write(
                f"{target}\t{h['X-Slack-Request-Timestamp']}\t{h['X-Slack-Signature']}\t{body.decode()}\n"
            )
    return path


def wrk(port: int, script: Path, requests: Path, connections: int, seconds: float) -> dict[str, float]:
    run = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    assert m, out
    reqs, micros, bad, errors, p50, p99, top = (int(x) for x in m.groups())
    assert bad == 0 and errors == 0, f"{bad} non-2xx and {errors} socket errors: {out}"
    return {
        "requests": reqs,
        "rps": reqs / (micros / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "max": top / 1000,
    }


# --- the servers (each in its own process) ----------------------------------------------------


def serve_rolebot(port: int, api: str, log_path: str) -> None:
    """`rolebot serve`'s app (Slack mounted, metrics on, answers logged), with bare endpoints
    and the bench's probes in front of it."""
    import gc
    import resource

    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)  # the answer log (standard output) goes to a file, as a server's would
    os.dup2(fd, 2)
    os.environ.update(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api,
            "ROLEBOT_LOG_LEVEL": "info",
        }
    )
    import uvicorn

    from rolebot.server import app_for
    from rolebot.serving import config
    from rolebot.settings import Settings

    app, _, _, _ = app_for(Settings.read())
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started: list[float] = [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append((time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(timed)
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    fixed: dict[int, dict[str, str]] = {}
    encoded: dict[int, bytes] = {}

    def sized(n: int) -> dict[str, str]:
        """A fixed JSON document of `n` bytes, as Starlette encodes it."""
        if n not in fixed:
            fixed[n] = {"response_type": "ephemeral", "text": "x" * max(0, n - 43)}
            encoded[n] = json.dumps(fixed[n], separators=(",", ":")).encode()
        return fixed[n]

    async def bare(request: Request) -> JSONResponse:  # the body read, fixed JSON returned
        await request.body()
        return JSONResponse(sized(int(request.query_params.get("size", 0))))

    starlette = Starlette(routes=[Route("/bare", bare, methods=["POST"])])

    async def outer(scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if path == "/bare":
            await starlette(scope, receive, send)
            return
        if path == "/bare-asgi":  # no framework: the body read, pre-encoded bytes sent
            await receive()
            size = int(scope["query_string"][5:] or 0)
            sized(size)
            body = encoded[size]
        elif path == "/bench/state":
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            with open("/proc/self/statm") as fh:
                now = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
            body = json.dumps(
                {
                    "rss_mb": now,
                    "peak_mb": rss,
                    "gc": {g: [len(p), max(p, default=0.0)] for g, p in pauses.items()},
                }
            ).encode()
            for p in pauses.values():
                p.clear()
        else:
            await app(scope, receive, send)
            return
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    # the bench's endpoints sit in front of the app; its direct answers (slash commands in
    # the protocol, see rolebot.serving.Direct) stay as `rolebot serve` has them. The bare
    # endpoints have none: they are answered the ASGI way, as any framework's would be.
    outer.direct = app.direct  # type: ignore[attr-defined]
    uvicorn.Server(config(outer, "127.0.0.1", port, log_level="error")).run()


def serve_bolt(port: int, api: str) -> None:
    """A bolt AsyncApp that acks every slash command with a fixed string."""
    import uvicorn
    from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from rolebot.serving import config

    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api),
        signing_secret=SECRET,
        process_before_response=True,
    )

    @bolt.command(re.compile(".*"))
    async def fixed(ack: AsyncAck) -> None:
        await ack("fixed")

    uvicorn.Server(config(AsyncSlackRequestHandler(bolt), "127.0.0.1", port, log_level="error")).run()


def start(target: Any, *args: Any) -> tuple[mp.process.BaseProcess, int]:
    port = free_port()
    proc = mp.get_context("spawn").Process(target=target, args=(port, *args), daemon=True)
    proc.start()
    wait_up(port)
    return proc, port


def state(port: int) -> dict[str, Any]:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/bench/state", body=b"")
    data: dict[str, Any] = json.loads(conn.getresponse().read())
    return data


def warm(port: int, lines: list[tuple[str, bytes]]) -> list[int]:
    """Each request sent once (the first answers of a process, and every code path), and the
    size of each answer."""
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    sizes = []
    for target, body in lines:
        conn.request("POST", target, body=body, headers=signed_headers(body, FORM))
        resp = conn.getresponse()
        data = resp.read()
        assert resp.status == 200, (resp.status, data[:200])
        sizes.append(len(data))
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--tail-seconds", type=float, default=30)
    ap.add_argument("--requests", type=int, default=20000, help="distinct requests in the varied file")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/serve.py needs wrk: apt install wrk")
    mock = _mock_slack()
    api = mock.base + "/api/"
    folder = Path(tempfile.mkdtemp(prefix="rolebot-bench-"))
    script = folder / "signed.lua"
    script.write_text(WRK_SCRIPT)
    log_path = folder / "server.log"
    pairs = inputs()
    commands = [p for p in pairs if p[0] != f"/{UMBRELLA}"]
    rng = random.Random(16)

    def mix(chosen: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
        out = [
            ("/slack/events", command_body(cmd, shuffle_case(text, rng), mock.base))
            for cmd, text in (chosen[i % len(chosen)] for i in range(args.requests))
        ]
        rng.shuffle(out)
        return out

    varied, with_questions = mix(commands), mix(pairs)
    same = [("/slack/events", command_body(*IDENTICAL, mock.base))]
    proc, port = start(serve_rolebot, api, str(log_path))
    bolt, bolt_port = start(serve_bolt, api)
    try:
        print(
            f"varied: {len(commands)} distinct commands; with questions: {len(pairs)} distinct inputs "
            f"({len(pairs) - len(commands)} plain questions); {args.requests} requests each, letter case "
            "randomised; wrk -t1 against one server process"
        )
        sizes = warm(port, [("/slack/events", command_body(c, t, mock.base)) for c, t in pairs])
        size_varied = sum(sizes[: len(commands)]) // len(commands)
        size_same = warm(port, same)[0]
        warm(bolt_port, varied[:200])
        before = state(port)

        def bare(path: str, size: int, lines: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
            return [(f"{path}?size={size}", b) for _, b in lines]

        files = {
            "varied commands": request_file(folder, "varied", varied),
            "varied with questions": request_file(folder, "questions", with_questions),
            "identical": request_file(folder, "identical", same),
            "bare (varied size)": request_file(folder, "bare-v", bare("/bare", size_varied, varied)),
            "bare (identical size)": request_file(folder, "bare-i", bare("/bare", size_same, same)),
            "bare ASGI, pre-encoded": request_file(folder, "asgi", bare("/bare-asgi", size_varied, varied)),
        }
        results: dict[tuple[str, int], dict[str, float]] = {}
        for c in (16, 64):
            for name, path in files.items():
                results[(name, c)] = wrk(port, script, path, c, args.seconds)
            results[("bolt acks", c)] = wrk(bolt_port, script, files["varied commands"], c, args.seconds)
        print(
            f"answer size: varied mean {size_varied} B, identical {size_same} B; "
            f"server RSS at start {before['rss_mb']} MB"
        )
        print(f"\n{'case':24} {'conc':>4} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
        for (name, c), r in sorted(results.items(), key=lambda kv: kv[0][1]):
            print(f"{name:24} {c:4} {r['rps']:8.0f} {r['p50']:7.2f} {r['p99']:7.2f} {r['max']:7.2f}")
        print(f"\n{'throughput ratio':44} {'c16':>6} {'c64':>6}  target")
        ratios = [
            ("varied commands / bare Starlette", "varied commands", "bare (varied size)", ">= 0.7"),
            ("identical / bare Starlette", "identical", "bare (identical size)", ">= 0.8"),
            ("varied commands / bolt acking a string", "varied commands", "bolt acks", ">= 1.5"),
            ("varied with questions / bare Starlette", "varied with questions", "bare (varied size)", "-"),
            ("varied commands / bare ASGI, pre-encoded", "varied commands", "bare ASGI, pre-encoded", "-"),
        ]
        for label, a, b, target in ratios:
            r16 = results[(a, 16)]["rps"] / results[(b, 16)]["rps"]
            r64 = results[(a, 64)]["rps"] / results[(b, 64)]["rps"]
            print(f"{label:44} {r16:6.2f} {r64:6.2f}  {target}")
        state(port)  # GC pauses counted from here
        tail_file = request_file(folder, "tail", varied)
        tail = wrk(port, script, tail_file, 16, args.tail_seconds)
        after = state(port)
        served = sum(
            r["requests"]
            for (n, _), r in results.items()
            if n in ("varied commands", "varied with questions")
        )
        served += tail["requests"]
        print(
            f"\ntail, varied commands at 16 for {args.tail_seconds:.0f} s: {tail['requests']:.0f} requests, "
            f"p99 {tail['p99']:.2f} ms (target < 5), max {tail['max']:.2f} ms (target < 20)"
        )
        gcs = after["gc"]
        print(
            "GC in that run: " + ", ".join(f"gen{g} {n}, longest {ms:.2f} ms" for g, (n, ms) in gcs.items())
        )
        logged = sum(1 for line in log_path.open() if '"event": "answer"' in line)
        print(
            f"server RSS after {served:.0f} varied signed commands: {after['rss_mb']} MB "
            f"(peak {after['peak_mb']} MB; target < 64); answer lines logged: {logged}"
        )
        real_server_memory(api, script, folder, varied, pairs, mock.base)
    finally:
        for p in (proc, bolt):
            p.terminate()
            p.join(5)
        mock.server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def real_server_memory(
    api: str,
    script: Path,
    folder: Path,
    varied: list[tuple[str, bytes]],
    pairs: list[tuple[str, str]],
    base: str,
) -> None:
    """`rolebot serve` itself (no bench endpoints in it): its memory after 50k varied signed
    commands, with readiness probed as a deployment would."""
    exe = shutil.which("rolebot") or os.path.join(os.path.dirname(sys.executable), "rolebot")
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api}
    server = subprocess.Popen(
        [exe, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(port)
        conn = HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/readyz")
        ready = conn.getresponse().status
        conn.close()
        warm(port, [("/slack/events", command_body(c, t, base)) for c, t in pairs])
        served, rates = 0, []
        while served < 50_000:
            run = wrk(port, script, request_file(folder, "real", varied), 16, 5)
            served += int(run["requests"])
            rates.append(run["rps"])
        with open(f"/proc/{server.pid}/status") as fh:
            rss = next(int(line.split()[1]) // 1024 for line in fh if line.startswith("VmRSS"))
        print(
            f"rolebot serve alone (readiness {ready}): RSS {rss} MB after {served} varied signed "
            f"commands (target < 64); {min(rates):.0f}-{max(rates):.0f} req/s at 16 in those runs"
        )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
