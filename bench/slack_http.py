"""Signed slash commands over loopback against the real HTTP server, beside a bare endpoint.

The server (uvicorn + the Slack app) runs in its own process; a mock Slack Web API answers
auth.test. Prints p50/p99 latency and requests per second for signed slash commands and for a
bare endpoint on the same server that returns fixed JSON, and the ratio.
Targets: p99 under 20 ms; at least half the bare endpoint's throughput.
With PostgreSQL installed, it also runs the server for many workspaces (OAuth installations in a
PostgreSQL server started on loopback) and prints its figures against single-workspace mode,
measured in the same run. Targets: p99 under 5 ms; at least 70% of single-workspace throughput.
Run: python bench/slack_http.py [--requests N]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, line, rounds, wait_up  # noqa: E402
from tests.slack.conftest import SECRET, TOKEN, _mock_slack, command_body, signed_headers  # noqa: E402

CASES = ["senior ml", "", "staff ai", "junior"]


def serve(port: int, api: str) -> None:
    import uvicorn

    from rolebot.bot import Bot
    from rolebot.serving import config
    from rolebot_slack.blocks import render_slack
    from rolebot_slack.server import create_asgi, send_json

    bot = Bot()
    fixed = render_slack(bot.answer("/salary senior ml"))  # the same bytes a real answer sends

    async def bare(scope, receive, send):  # type: ignore[no-untyped-def]
        await send_json(send, 200, {"ok": True, "text": "fixed"})

    async def bare_reply(scope, receive, send):  # type: ignore[no-untyped-def]
        await send_json(send, 200, fixed)

    app = create_asgi(
        bot, token=TOKEN, signing_secret=SECRET, api_url=api, extra={"/bare": bare, "/bare-reply": bare_reply}
    )
    uvicorn.Server(config(app, "127.0.0.1", port, log_level="error")).run()


def serve_many(port: int, api: str, database_url: str) -> None:
    """The server for many workspaces, with workspace T1 installed."""
    import asyncio

    import uvicorn
    from cryptography.fernet import Fernet
    from slack_sdk.oauth.installation_store.models.installation import Installation

    from rolebot.bot import Bot
    from rolebot.server import Mount, build_app
    from rolebot.serving import config
    from rolebot.settings import Settings
    from rolebot_slack.server import mount

    env = {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "s",
        "SLACK_SIGNING_SECRET": SECRET,
        "ROLEBOT_SECRET_KEY": Fernet.generate_key().decode(),
        "SLACK_API_URL": api,
    }
    settings = Settings(database_url=database_url, environ=env)
    bot = Bot(settings=settings)
    mounted = mount(bot, settings)
    assert isinstance(mounted, Mount)
    from rolebot_slack.workspaces import open_workspaces

    workspaces = open_workspaces(database_url, "1.2", env["ROLEBOT_SECRET_KEY"])

    async def install() -> None:
        await workspaces.installations.async_save(
            Installation(
                app_id="A1", team_id="T1", bot_token="xoxb-T1", bot_id="B1", bot_user_id="UB", user_id="U0"
            )
        )
        await workspaces.engine.dispose()

    asyncio.run(install())  # T1 installed, as the OAuth flow would have stored it
    uvicorn.Server(config(build_app(bot, mounted), "127.0.0.1", port, log_level="error")).run()


def start_server(api: str, database_url: str | None = None) -> tuple[mp.process.BaseProcess, int]:
    """The real server in its own process, answering once `/healthz` does."""
    port = free_port()
    target, args = (serve, (port, api)) if database_url is None else (serve_many, (port, api, database_url))
    proc = mp.get_context("spawn").Process(target=target, args=args, daemon=True)
    proc.start()
    wait_up(port)
    return proc, port


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()
    mock = _mock_slack()
    proc, port = start_server(mock.base + "/api/")
    try:

        def slash(i: int) -> tuple[str, str, bytes, dict[str, str]]:
            body = command_body("/salary", CASES[i % len(CASES)], mock.base)
            return "POST", "/slack/events", body, signed_headers(body, "application/x-www-form-urlencoded")

        def bare(i: int) -> tuple[str, str, bytes, dict[str, str]]:
            return "POST", "/bare", b"{}", {"Content-Type": "application/json"}

        def bare_reply(i: int) -> tuple[str, str, bytes, dict[str, str]]:
            body = command_body("/salary", CASES[i % len(CASES)], mock.base)
            return "POST", "/bare-reply", body, {"Content-Type": "application/x-www-form-urlencoded"}

        cases = {"signed /salary": slash, "bare tiny JSON": bare, "bare same-size": bare_reply}
        times, rps = rounds(port, cases, args.requests)  # the warm-up authorizes through auth.test
        for name in cases:
            print(line(name, times[name], rps[name]))
        print(
            f"throughput ratio slash / bare tiny JSON: {rps['signed /salary'] / rps['bare tiny JSON']:.2f}; "
            f"slash / bare same-size JSON: {rps['signed /salary'] / rps['bare same-size']:.2f} "
            f"(target >= 0.5); p99 target < 20 ms"
        )
        many(mock, rps["signed /salary"], args.requests)
    finally:
        proc.terminate()
        proc.join(5)
        mock.server.shutdown()


def many(mock: Any, single_rps: float, requests: int) -> None:
    """Signed slash commands in multi-workspace mode against PostgreSQL on loopback."""
    from tests.pg import NoPostgres, running_postgres

    try:
        with running_postgres() as url:
            proc, port = start_server(mock.base + "/api/", url)
            try:

                def slash(i: int) -> tuple[str, str, bytes, dict[str, str]]:
                    body = command_body("/salary", CASES[i % len(CASES)], mock.base)
                    return (
                        "POST",
                        "/slack/events",
                        body,
                        signed_headers(body, "application/x-www-form-urlencoded"),
                    )

                times, rates = rounds(port, {"many": slash}, requests)
                ts, rps = sorted(times["many"]), rates["many"]
                print(line("many workspaces", ts, rps) + " on PostgreSQL; target p99 < 5 ms")
                print(f"throughput many / single workspace: {rps / single_rps:.2f} (target >= 0.70)")
            finally:
                proc.terminate()
                proc.join(5)
    except NoPostgres as exc:
        print(f"many workspaces: not measured ({exc})")


if __name__ == "__main__":
    main()
