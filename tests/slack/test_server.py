"""`rolebot serve`, as a real process on loopback with Slack mounted against a mock Slack API:
one "listening on" line, /healthz, /readyz, /metrics in Prometheus text, graceful shutdown with
a request in flight, worker processes, JSON logs with time and level, and the Slack alias."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.slack.conftest import FORM, SECRET, TOKEN, MockSlack, command_body, signed_headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int
    first_line: str

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", body, headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err


def start(*args: str, env: dict[str, str] | None = None) -> Server:
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLEBOT_LOG"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rolebot", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**base, **(env or {})},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the "listening on" line comes once the socket is open
    assert line.startswith("rolebot: listening on"), (line, proc.poll() is not None and proc.stderr.read())  # type: ignore[union-attr]
    return Server(proc, port, line)


def slack_env(mock: MockSlack) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": mock.base + "/api/"}


@pytest.fixture
def served(slack_api: MockSlack) -> Iterator[Server]:
    server = start("serve", env=slack_env(slack_api))
    yield server
    server.stop()


def metric(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    raise KeyError(name)


def test_one_server_answers_slack_and_reports_health_readiness_and_metrics(
    served: Server, slack_api: MockSlack
) -> None:
    assert f"http://127.0.0.1:{served.port}" in served.first_line and "/slack/events" in served.first_line
    status, body = served.get("/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, body = served.get("/readyz")
    assert status == 200 and json.loads(body) == {"ready": True, "content": True, "slack": True}
    raw = command_body("/salary", "senior ml", slack_api.base)
    status, answer = served.post("/slack/events", raw, signed_headers(raw, FORM))
    assert status == 200 and "£120-165k" in json.loads(answer)["text"]
    status, text = served.get("/metrics")
    assert status == 200
    scraped = text.decode()
    assert metric(scraped, "rolebot_answers_total", command="salary", platform="slack", outcome="ok") == 1
    assert metric(scraped, "rolebot_answer_seconds_count", platform="slack") == 1
    assert metric(scraped, "rolebot_content_info") == 1
    assert served.get("/nowhere")[0] == 404 and served.post("/healthz", b"", {})[0] == 405


def test_readiness_fails_while_the_platform_is_unreachable(tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    server = start("serve", env=env)
    try:
        status, body = server.get("/readyz")
        assert status == 503 and json.loads(body)["slack"] is False
        assert server.get("/healthz")[0] == 200  # up, just not ready
    finally:
        server.stop()


def test_shutdown_lets_a_request_in_flight_finish(served: Server, slack_api: MockSlack) -> None:
    raw = command_body("/salary", "senior ml", slack_api.base)
    headers = signed_headers(raw, FORM)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
        conn.sendall(
            f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {len(raw)}\r\n{head}\r\n".encode()
        )
        time.sleep(0.3)
        served.proc.send_signal(signal.SIGTERM)  # the request is half sent
        time.sleep(0.3)
        conn.sendall(raw)
        reply = b""
        while b"\r\n\r\n" not in reply or b"120-165k" not in reply:
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200") and b"120-165k" in reply
    served.proc.communicate(timeout=30)  # it stops by itself: one SIGTERM is enough
    assert served.proc.returncode == 0  # stopped, not killed by the signal


def test_workers_share_one_socket(slack_api: MockSlack) -> None:
    server = start("serve", "--workers", "2", env=slack_env(slack_api))
    try:
        assert "with 2 workers" in server.first_line
        end = time.monotonic() + 30
        status = 0
        while status != 200 and time.monotonic() < end:
            try:
                status = server.get("/healthz")[0]
            except OSError:
                time.sleep(0.2)
        assert status == 200
        raw = command_body("/salary", "staff ai", slack_api.base)
        status, answer = server.post("/slack/events", raw, signed_headers(raw, FORM))
        assert status == 200 and "£165-200k" in json.loads(answer)["text"]
    finally:
        code, _, _ = server.stop()
    assert code in (0, -signal.SIGTERM)


def test_json_logs_carry_time_and_level(slack_api: MockSlack) -> None:
    server = start("serve", "--log-format", "json", "--log-level", "info", env=slack_env(slack_api))
    raw = command_body("/salary", "senior ml", slack_api.base)
    server.post("/slack/events", raw, signed_headers(raw, FORM))
    _, out, _ = server.stop()
    answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert answers and answers[0]["event"] == "answer" and answers[0]["level"] == "info"
    assert answers[0]["ts"].endswith("Z") and "T" in answers[0]["ts"]


def test_slack_serve_http_is_the_same_server(slack_api: MockSlack) -> None:
    server = start("slack", "serve", "--http", env=slack_env(slack_api))
    try:
        assert "/slack/events" in server.first_line and server.get("/metrics")[0] == 200
    finally:
        server.stop()


def test_a_taken_port_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "rolebot", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr


def test_ctrl_c_stops_the_server_cleanly(slack_api: MockSlack) -> None:
    server = start("serve", env=slack_env(slack_api))
    server.proc.send_signal(signal.SIGINT)
    code, _, err = server.stop()
    assert code == 0 and "Traceback" not in err and "KeyboardInterrupt" not in err
