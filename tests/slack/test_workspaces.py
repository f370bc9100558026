"""Slack for many workspaces, against a mock Slack API on loopback and a real database (SQLite
and PostgreSQL): the OAuth install with single-use, expiring state; each workspace's own token
on every post; strangers answered politely with nothing posted; uninstalls removing what they
must; tokens sealed at rest; and two replicas sharing PostgreSQL answering a retried event once."""

from __future__ import annotations

import json
import re
import signal
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from rolebot.bot import Bot
from rolebot.settings import Settings
from tests.conftest import CONTENT
from tests.slack.conftest import FORM, SECRET, MockSlack, command_body, signed_headers, start_uvicorn

KEY = Fernet.generate_key().decode()


def settings_for(database_url: str, mock: MockSlack, **extra: str) -> Settings:
    env = {
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": SECRET,
        "ROLEBOT_SECRET_KEY": KEY,
        "SLACK_API_URL": mock.base + "/api/",
        "ROLEBOT_PUBLIC_URL": "https://bot.example.com",
        **extra,
    }
    return Settings(content=CONTENT, database_url=database_url, environ=env)


@dataclass
class Site:
    port: int
    mock: MockSlack
    server: Any
    events: Any = None  # the /slack/events route

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    cookie: str = ""  # what a browser keeps from the install page (bolt binds state to it)

    def get(self, path: str) -> tuple[int, str]:
        req = urllib.request.Request(self.url(path), headers={"Cookie": self.cookie} if self.cookie else {})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                for header in r.headers.get_all("Set-Cookie") or []:
                    self.cookie = header.split(";", 1)[0]
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def post(self, body: bytes, content_type: str) -> tuple[int, bytes]:
        req = urllib.request.Request(self.url("/slack/events"), body, signed_headers(body, content_type))
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def install(self, team: str) -> tuple[int, str]:
        status, page = self.get("/slack/install")
        assert status == 200, page
        state = re.search(r"state=([\w-]+)", page)
        assert state, page
        return self.get(f"/slack/oauth_redirect?code=code-{team}&state={state.group(1)}")

    def command_body(self, team: str, text: str = "senior ml") -> bytes:
        form = dict(urllib.parse.parse_qsl(command_body("/salary", text, self.mock.base).decode()))
        form["team_id"] = team
        return urllib.parse.urlencode(form).encode()

    def command(self, team: str, text: str = "senior ml") -> dict[str, Any]:
        status, data = self.post(self.command_body(team, text), FORM)
        assert status == 200
        return json.loads(data)  # type: ignore[no-any-return]

    def direct(self, team: str) -> bytes | None:
        """What the server's protocol gets from the route for this team's command, called here."""
        body = self.command_body(team)
        headers = [(k.lower().encode(), v.encode()) for k, v in signed_headers(body, FORM).items()]
        answer: bytes | None = self.events.direct({"headers": headers}, body)
        return answer

    def event(self, team: str, event: dict[str, Any], event_id: str) -> int:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
                "authorizations": [{"team_id": team, "user_id": f"UBOT{team}", "is_bot": True}],
            }
        ).encode()
        return self.post(body, "application/json")[0]


def mention(team: str, ts: str) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@UBOT{team}> which pays more?",
        "ts": ts,
        "channel": "C1",
        "team": team,
    }


def posts(mock: MockSlack) -> list[Any]:
    return [c for c in mock.calls if c.path == "/api/chat.postMessage"]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rolebot.db'}"
    url: str = request.getfixturevalue("postgres_url")
    from sqlalchemy import create_engine, text

    with create_engine(url).begin() as conn:  # a clean database for each test
        conn.execute(text("drop schema public cascade; create schema public"))
    return url


@pytest.fixture
def site(database_url: str, slack_api: MockSlack) -> Iterator[Site]:
    from rolebot.server import Mount, build_app
    from rolebot_slack.server import mount

    settings = settings_for(database_url, slack_api)
    bot = Bot(settings=settings)
    mounted = mount(bot, settings)
    assert isinstance(mounted, Mount), mounted
    server, port, thread = start_uvicorn(build_app(bot, mounted))
    yield Site(port, slack_api, server, events=mounted.routes["/slack/events"])
    server.should_exit = True
    thread.join(timeout=10)


def test_install_flow_with_single_use_state(site: Site) -> None:
    status, page = site.get("/slack/install")
    assert status == 200 and "slack.com/oauth/v2/authorize" in page and "client_id=111.222" in page
    state = re.search(r"state=([\w-]+)", page)
    assert state
    status, done = site.get(f"/slack/oauth_redirect?code=code-T1&state={state.group(1)}")
    assert status == 200, done
    exchanged = [c for c in site.mock.calls if c.path == "/api/oauth.v2.access"]
    assert len(exchanged) == 1 and exchanged[0].body["code"] == "code-T1"
    again, _ = site.get(f"/slack/oauth_redirect?code=code-T1&state={state.group(1)}")  # replayed
    assert again >= 400
    forged, _ = site.get("/slack/oauth_redirect?code=code-T9&state=made-up")
    assert forged >= 400
    assert len([c for c in site.mock.calls if c.path == "/api/oauth.v2.access"]) == 1


def test_an_expired_state_is_refused(site: Site, database_url: str) -> None:
    from sqlalchemy import create_engine, text

    _, page = site.get("/slack/install")
    state = re.search(r"state=([\w-]+)", page)
    assert state
    with create_engine(database_url).begin() as conn:
        conn.execute(text("update slack_oauth_states set expire_at = :t"), {"t": "2000-01-01 00:00:00"})
    status, _ = site.get(f"/slack/oauth_redirect?code=code-T1&state={state.group(1)}")
    assert status >= 400 and not [c for c in site.mock.calls if c.path == "/api/oauth.v2.access"]


def test_each_workspace_posts_with_its_own_token(site: Site, database_url: str) -> None:
    assert site.install("T1")[0] == 200 and site.install("T2")[0] == 200
    assert site.event("T1", mention("T1", "1.1"), "Ev1") == 200
    assert site.event("T2", mention("T2", "2.1"), "Ev2") == 200
    end = time.monotonic() + 10
    while len(posts(site.mock)) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    bearer = sorted(c.headers.get("Authorization", "") for c in posts(site.mock))
    assert bearer == ["Bearer xoxb-T1", "Bearer xoxb-T2"]
    assert "£120-165k" in json.dumps(site.command("T1"), ensure_ascii=False)
    from sqlalchemy import create_engine, text

    with create_engine(database_url).connect() as conn:  # sealed at rest
        stored = [r[0] for r in conn.execute(text("select bot_token from slack_bots"))]
    assert stored and all(t.startswith("fernet:") and "xoxb" not in t for t in stored)


def test_a_workspace_that_never_installed_gets_a_polite_message_and_nothing_posted(site: Site) -> None:
    reply = site.command("T404")
    assert (
        "isn't installed in this workspace" in reply["text"]
        and "https://bot.example.com/slack/install" in reply["text"]
    )
    assert site.event("T404", mention("T404", "4.1"), "Ev404") in (200, 401)
    time.sleep(0.5)
    assert posts(site.mock) == [] and not [c for c in site.mock.calls if c.path.startswith("/response/")]


def test_a_workspace_looked_up_lately_is_answered_in_the_protocol_alike(site: Site) -> None:
    """The first command from a workspace asks the database (the ASGI way); for a while after,
    the server answers its commands directly from what it found, installed or not."""
    assert site.install("T1")[0] == 200
    assert site.direct("T1") is None and site.direct("T404") is None  # not looked up yet
    first, stranger = site.command("T1"), site.command("T404")
    assert "£120-165k" in json.dumps(first, ensure_ascii=False) and "isn't installed" in stranger["text"]
    assert json.loads(site.direct("T1") or b"") == first
    assert json.loads(site.direct("T404") or b"") == stranger
    assert site.command("T1") == first and site.command("T404") == stranger


def test_uninstalling_removes_the_workspace(site: Site) -> None:
    assert site.install("T1")[0] == 200
    assert "£120-165k" in json.dumps(site.command("T1"), ensure_ascii=False)
    assert site.event("T1", {"type": "app_uninstalled"}, "EvU") == 200
    end = time.monotonic() + 10
    while "installed" not in site.command("T1").get("text", "") and time.monotonic() < end:
        time.sleep(0.2)  # the install cache is dropped on uninstall; the lazy listener may lag
    assert "isn't installed" in site.command("T1")["text"]


def test_multi_workspace_mode_refuses_to_start_without_a_key(database_url: str, slack_api: MockSlack) -> None:
    from rolebot.server import MountRefused
    from rolebot_slack.server import mount
    from tests.conftest import run_cli

    settings = settings_for(database_url, slack_api, ROLEBOT_SECRET_KEY="")
    with pytest.raises(MountRefused, match=r"ROLEBOT_SECRET_KEY is not set.*Fernet\.generate_key"):
        mount(Bot(settings=settings), settings)
    out = run_cli("serve", "--port", "0", env={**settings.environ, "ROLEBOT_DATABASE_URL": database_url})
    assert (
        out.returncode == 1
        and "ROLEBOT_SECRET_KEY is not set" in out.stderr
        and "Traceback" not in out.stderr
    )
    assert len(out.stderr.strip().splitlines()) == 1


def test_an_old_key_still_opens_after_rotation() -> None:
    from rolebot_slack.workspaces import Sealer

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = Sealer(old).seal("xoxb-secret")
    assert sealed and Sealer(f"{new},{old}").open(sealed) == "xoxb-secret"
    assert Sealer(f"{new},{old}").seal("x") != Sealer(old).seal("x")


def test_two_replicas_sharing_postgresql_answer_a_retried_event_once(
    postgres_url: str, slack_api: MockSlack
) -> None:
    from sqlalchemy import create_engine, text

    from tests.slack.test_server import start

    with create_engine(postgres_url).begin() as conn:
        conn.execute(text("drop schema public cascade; create schema public"))
    env = {**settings_for(postgres_url, slack_api).environ, "ROLEBOT_DATABASE_URL": postgres_url}
    one, two = start("serve", env=env), start("serve", env=env)
    try:
        first = Site(one.port, slack_api, None)
        assert first.install("T1")[0] == 200
        assert first.event("T1", mention("T1", "9.1"), "EvShared") == 200
        second = Site(two.port, slack_api, None)
        body_retry = second.event("T1", mention("T1", "9.1"), "EvShared")  # Slack's retry, to the other
        assert body_retry == 200
        end = time.monotonic() + 5
        while not posts(slack_api) and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(1.0)  # room for a second, wrong post to arrive
        assert len(posts(slack_api)) == 1
        assert posts(slack_api)[0].headers.get("Authorization") == "Bearer xoxb-T1"
    finally:
        for server in (one, two):
            server.proc.send_signal(signal.SIGTERM)
            server.proc.communicate(timeout=30)


def test_flood_counts_live_in_the_shared_database(site: Site, database_url: str) -> None:
    from sqlalchemy import create_engine, text

    assert site.install("T1")[0] == 200
    for n in range(6):  # five public replies a minute per member by default
        assert site.event("T1", mention("T1", f"7{n}.1"), f"EvFlood{n}") == 200
    site.mock.wait("/api/chat.postEphemeral", timeout=10)
    end = time.monotonic() + 10  # the five allowed replies are posted by their own tasks
    while len(posts(site.mock)) < 5 and time.monotonic() < end:
        time.sleep(0.05)
    time.sleep(0.3)  # room for a sixth, wrong post to arrive
    assert len(posts(site.mock)) == 5
    with create_engine(database_url).connect() as conn:  # what another replica would count
        counted = conn.execute(text("select count(*) from rolebot_posts where key = 'user:U1'")).scalar()
    assert counted == 5
