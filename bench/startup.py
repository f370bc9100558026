"""Process start, same machine, same run:
- `rolebot ask` against `python -c "import pydantic"`, with the content cache warm and cold
  (an empty cache folder: the content validated and the question index built). Targets
  (issue 16): at most 2x warm and 3x cold.
- `rolebot serve` from process start to its first answered signed slash command, against a bolt
  AsyncApp on uvicorn that acks a fixed string, measured the same way. Target: at most 1.2x.
Run: python bench/startup.py [--runs N]

The project's sources are byte-compiled first, as an installed package's are (pip compiles
them; an editable checkout under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every
module at every start, which pydantic, installed, never does). `--source` skips that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOLT = r"""
import re, sys, uvicorn
from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
port, api, token, secret = sys.argv[1:5]
app = AsyncApp(client=AsyncWebClient(token=token, base_url=api), signing_secret=secret,
               process_before_response=True)
@app.command(re.compile(".*"))
async def fixed(ack):
    await ack("fixed")
uvicorn.run(AsyncSlackRequestHandler(app), host="127.0.0.1", port=int(port), log_level="error")
"""


def timed(cmd: list[str], runs: int, cold: bool = False) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=False)  # warm the disk cache and the content cache
    out = []
    for _ in range(runs):
        env = {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp()} if cold else None
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def first_answer(cmd: list[str], port: int, env: dict[str, str], base: str) -> float:
    """Milliseconds from starting `cmd` to the first 200 for a signed slash command."""
    from tests.slack.conftest import command_body, signed_headers

    body = command_body("/salary", "senior ml", base)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                headers = signed_headers(body, "application/x-www-form-urlencoded")
                conn.request("POST", "/slack/events", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    return (time.perf_counter() - t0) * 1000
            except OSError:
                time.sleep(0.002)
    finally:
        proc.terminate()
        proc.wait()


def serve_start(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.loopback import free_port
    from tests.slack.conftest import SECRET, TOKEN, _mock_slack

    mock = _mock_slack()
    api = mock.base + "/api/"
    exe = shutil.which("rolebot") or os.path.join(os.path.dirname(sys.executable), "rolebot")
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api}
    found: dict[str, list[float]] = {"rolebot serve": [], "bolt AsyncApp": []}
    for _ in range(runs):
        port = free_port()
        serve = [exe, "serve", "--host", "127.0.0.1", "--port", str(port)]
        found["rolebot serve"].append(first_answer(serve, port, env, mock.base))
        port = free_port()
        bolt = [sys.executable, "-c", BOLT, str(port), api, TOKEN, SECRET]
        found["bolt AsyncApp"].append(first_answer(bolt, port, env, mock.base))
    mock.server.shutdown()
    for name, ms in found.items():
        print(f"{name + ': start to first signed answer':48} median {statistics.median(ms):7.1f} ms")
    ratio = statistics.median(found["rolebot serve"]) / statistics.median(found["bolt AsyncApp"])
    print(f"ratio rolebot serve / bolt AsyncApp: {ratio:.2f} (target <= 1.2)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--source", action="store_true", help="do not byte-compile the sources first")
    args = ap.parse_args()
    if not args.source:
        import compileall
        from pathlib import Path

        root = Path(__file__).resolve().parents[1]
        for folder in ("src", "adapters"):
            compileall.compile_dir(root / folder, quiet=1)
    exe = shutil.which("rolebot") or os.path.join(os.path.dirname(sys.executable), "rolebot")
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import pydantic"': [sys.executable, "-c", "import pydantic"],
        "rolebot ask /salary senior ml": [exe, "ask", "/salary", "senior", "ml"],
        "rolebot ask which pays more?": [exe, "ask", "which", "pays", "more?"],
    }
    results = {name: statistics.median(timed(cmd, args.runs)) for name, cmd in cases.items()}
    for name in ("rolebot ask /salary senior ml", "rolebot ask which pays more?"):
        results[name + ", cold"] = statistics.median(timed(cases[name], max(3, args.runs // 3), cold=True))
    for name, ms in results.items():
        print(f"{name:48} median {ms:7.1f} ms")
    base = results['python -c "import pydantic"']
    for name in ("rolebot ask /salary senior ml", "rolebot ask which pays more?"):
        print(f"ratio {name} / import pydantic: {results[name] / base:.2f} (target <= 2)")
        print(f"ratio {name}, cold / import pydantic: {results[name + ', cold'] / base:.2f} (target <= 3)")
    serve_start(max(3, args.runs // 3))


if __name__ == "__main__":
    main()
