"""HTTP (ASGI, on uvicorn) and Socket Mode entry points for the Slack app."""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rolebot.bot import Bot
from rolebot.logs import configure
from rolebot.serving import (
    ASGIApp,
    BadRequest,
    Receive,
    Scope,
    Send,
    read_body,
    send_body,
    send_error,
    send_json,
)
from rolebot.settings import Settings
from rolebot_slack import signing
from rolebot_slack.paths import INSTALL_PATH, REDIRECT_PATH

if TYPE_CHECKING:
    from rolebot.server import Mount
    from rolebot_slack.app import OAuth
    from rolebot_slack.commands import SlashCommands
    from rolebot_slack.workspaces import Workspaces

log = logging.getLogger("rolebot.slack")
FORM = "application/x-www-form-urlencoded"
FORM_BYTES = FORM.encode()


class MissingSetting(Exception):
    """A required environment variable is not set."""


SDK_LOGGERS = ("slack_bolt", "slack_sdk")


@dataclass(frozen=True)
class SlackSettings:
    """Slack's keys, from the settings read at start."""

    bot_token: str = field(default="", repr=False)  # one workspace
    signing_secret: str = field(default="", repr=False)  # HTTP mode
    app_token: str = field(default="", repr=False)  # Socket Mode
    api_url: str | None = None  # another address for Slack's Web API (a local mock in tests)
    client_id: str = ""  # many workspaces (OAuth)
    client_secret: str = field(default="", repr=False)
    secret_keys: str = field(default="", repr=False)  # ROLEBOT_SECRET_KEY: seals stored tokens
    public_url: str = ""  # ROLEBOT_PUBLIC_URL: where Slack reaches this server
    database_url: str = ""

    @property
    def many(self) -> bool:
        """Multi-workspace mode: the app's OAuth credentials are set."""
        return bool(self.client_id or self.client_secret)

    @property
    def redirect_url(self) -> str | None:
        return self.public_url.rstrip("/") + "/slack/oauth_redirect" if self.public_url else None

    @classmethod
    def read(cls, settings: Settings, *, socket: bool) -> SlackSettings:
        """Raises `MissingSetting` naming the first key that is not set."""
        many = bool(settings.get("SLACK_CLIENT_ID") or settings.get("SLACK_CLIENT_SECRET"))
        if many and socket:
            raise MissingSetting("Socket Mode serves one workspace: unset SLACK_CLIENT_ID to use it")
        if many:
            needed: tuple[str, ...] = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
        else:
            needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket else "SLACK_SIGNING_SECRET")
        for name in needed:
            if not settings.get(name):
                raise MissingSetting(f"{name} is not set")
        if many and not settings.get("ROLEBOT_SECRET_KEY"):
            from rolebot_slack.workspaces import HOW_TO_KEY

            raise MissingSetting(f"ROLEBOT_SECRET_KEY is not set (it seals the stored tokens); {HOW_TO_KEY}")
        return cls(
            bot_token=settings.get("SLACK_BOT_TOKEN"),
            signing_secret=settings.get("SLACK_SIGNING_SECRET"),
            app_token=settings.get("SLACK_APP_TOKEN"),
            api_url=settings.get("SLACK_API_URL") or None,
            client_id=settings.get("SLACK_CLIENT_ID"),
            client_secret=settings.get("SLACK_CLIENT_SECRET"),
            secret_keys=settings.get("ROLEBOT_SECRET_KEY"),
            public_url=settings.get("ROLEBOT_PUBLIC_URL"),
            database_url=settings.database_url,
        )


def create_asgi(
    bot: Bot,
    *,
    token: str,
    signing_secret: str,
    api_url: str | None = None,
    extra: dict[str, ASGIApp] | None = None,
) -> ASGIApp:
    """The server's app with Slack mounted: `POST /slack/events` beside `GET /healthz`,
    `/readyz` (and `extra` endpoints)."""
    from rolebot.server import Mount, build_app

    slack = SlackSettings(bot_token=token, signing_secret=signing_secret, api_url=api_url)
    return build_app(bot, Mount({**endpoints(bot, slack), **(extra or {})}))


NOT_INSTALLED = "rolebot isn't installed in this workspace yet. Ask a workspace admin to add it{where}."


def endpoints(bot: Bot, slack: SlackSettings, oauth: OAuth | None = None) -> dict[str, ASGIApp]:
    """`POST /slack/events`: commands, events and interactivity; with `oauth`, also
    `GET /slack/install` and `GET /slack/oauth_redirect` (bolt's OAuth flow).

    Every request to /slack/events is read with a size cap and its signature is checked on
    the raw bytes before anything is parsed. Slash commands then take a fast path: the
    answer is the response body, without bolt's per-request dispatch, and usually without
    an ASGI request at all (`SlackEvents.direct`; measured in bench/serve.py). Everything
    else goes to bolt, which verifies it again; a signed body bolt cannot parse gets 400,
    never a 500 or a traceback."""
    from rolebot_slack.commands import SlashCommands

    signing_secret = slack.signing_secret
    if oauth is not None:  # replicas share the flood counts through the database
        from rolebot.conversation import Conversation
        from rolebot_slack.surface import SlackSurface

        flood = bot.settings.flood_gate(oauth.workspaces.posts)
        surface = SlackSurface(slack.public_url, bot.chart_png)
        commands = SlashCommands(bot, Conversation(bot, surface, "slack", flood))
    else:
        commands = SlashCommands(bot)
    handlers: list[ASGIApp] = []

    def bolt() -> ASGIApp:
        """bolt's app, for everything but slash commands. With one workspace it is built on
        the first such request (about 0.2 s, once), so a server that answers only slash
        commands never loads Slack's SDK; with many, at start, so that the OAuth flow's setup
        fails there if it fails."""
        if not handlers:
            from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler

            from rolebot_slack.app import create_app

            app = create_app(
                bot,
                token=slack.bot_token,
                signing_secret=signing_secret,
                api_url=slack.api_url,
                commands=commands,
                oauth=oauth,
            )
            handlers.append(AsyncSlackRequestHandler(app))  # type: ignore[arg-type]
        return handlers[0]

    if importlib.util.find_spec("slack_bolt") is None:  # the extra is missing: say so at start
        raise ImportError("slack_bolt is not installed")
    if oauth is not None:
        bolt()
    where = f" at {slack.public_url.rstrip('/')}{INSTALL_PATH}" if slack.public_url else ""
    events = SlackEvents(signing_secret, commands, oauth, bolt, where)

    async def oauth_page(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            await send_json(send, 405, {"error": "use GET"}, [(b"allow", b"GET")])
            return
        await bolt()(scope, receive, send)

    routes: dict[str, ASGIApp] = {"/slack/events": events}
    if oauth is not None:
        routes.update({INSTALL_PATH: oauth_page, REDIRECT_PATH: oauth_page})
    return routes


class SlackEvents:
    """`POST /slack/events`. A signed slash command is answered by `direct` (the server calls
    it once the body is in, without an ASGI task); the ASGI app answers everything else, and
    any request `direct` leaves to it."""

    def __init__(
        self,
        signing_secret: str,
        commands: SlashCommands,
        oauth: OAuth | None,
        bolt: Callable[[], ASGIApp],
        where: str,
    ) -> None:
        self.signing_secret, self.commands, self.oauth = signing_secret, commands, oauth
        self.bolt, self.where = bolt, where

    @staticmethod
    def _stamp(headers: dict[bytes, bytes]) -> tuple[str, str]:
        """The request's timestamp and signature headers, as text ("" when absent)."""
        timestamp = headers.get(b"x-slack-request-timestamp", b"").decode("latin-1")
        return timestamp, headers.get(b"x-slack-signature", b"").decode("latin-1")

    def _signed(self, headers: dict[bytes, bytes], body: bytes) -> bool:
        timestamp, signature = self._stamp(headers)
        return signing.plausible(timestamp, signature) and signing.matches(
            self.signing_secret, body, timestamp, signature
        )

    def _slash(self, headers: dict[bytes, bytes], body: bytes) -> dict[str, str] | None:
        """A verified body's form when it is one of our slash commands, else None. A body
        that is no form is a `BadRequest`."""
        if (
            not headers.get(b"content-type", b"").startswith(FORM_BYTES)
            or b"command=" not in body
            or body.startswith(b"payload=")
        ):
            return None
        form = read_form(body)
        if "payload" in form or not self.commands.pattern.match(form.get("command", "")):
            return None
        return form

    def _stranger(self, form: dict[str, str]) -> bytes:
        text = NOT_INSTALLED.format(where=self.where)
        return json.dumps({"response_type": "ephemeral", "text": text}).encode()

    def _answer(self, form: dict[str, str]) -> bytes:
        place = self.commands.answer(form)
        self.commands.flush(place)
        return place.ack_json or b"{}"

    def direct(self, scope: Scope, body: bytes) -> bytes | None:
        """A signed slash command's answer; None for anything else (the ASGI way answers
        it, refusals included), and with many workspaces for a workspace this process has
        not looked up lately (that takes the database)."""
        headers = dict(scope["headers"])  # ASGI names are lowercase; the last of a name
        if not self._signed(headers, body):
            return None
        try:
            form = self._slash(headers, body)
        except BadRequest:
            return None
        if form is None:
            return None
        if self.oauth is not None:
            known, installation = self.oauth.workspaces.installations.cached_bot(**_team(form))
            if not known:
                return None
            if installation is None:  # nothing is answered for a stranger
                return self._stranger(form)
        return self._answer(form)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await send_json(send, 405, {"error": "use POST"}, [(b"allow", b"POST")])
            return
        headers = dict(scope.get("headers", ()))  # ASGI names are lowercase; the last of a name
        timestamp, signature = self._stamp(headers)
        try:
            if not signing.plausible(timestamp, signature):  # refused before reading the body
                raise BadRequest(401, "invalid request")
            declared = headers.get(b"content-length", b"").decode("latin-1")
            body = await read_body(scope, receive, declared=declared)
            if not signing.matches(self.signing_secret, body, timestamp, signature):
                raise BadRequest(401, "invalid request")
            # verified: from here on the body may be parsed
            form = self._slash(headers, body)
            if form is not None:
                if self.oauth is not None and not await self._installed(form):
                    await send_body(send, 200, self._stranger(form))
                else:
                    await send_body(send, 200, self._answer(form))
                return
        except BadRequest as error:
            await send_error(send, error)
            return
        await self._to_bolt(scope, body, send)

    async def _installed(self, form: dict[str, str]) -> bool:
        """Many workspaces: whether the sender's workspace installed the app (cached)."""
        assert self.oauth is not None
        found = await self.oauth.workspaces.installations.async_find_bot(**_team(form))
        return found is not None

    async def _to_bolt(self, scope: Scope, body: bytes, send: Send) -> None:
        started = False

        async def replay() -> MutableMapping[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def tracked(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.bolt()(scope, replay, tracked)
        except Exception as exc:  # a signed body bolt could not read: the sender's fault
            log.warning("slack request not understood: %s", type(exc).__name__)
            if not started:
                await send_error(send, BadRequest(400, "malformed request"))


def _team(form: dict[str, str]) -> dict[str, Any]:
    """Which installation a slash command comes from, as the installation store asks it."""
    return {
        "enterprise_id": form.get("enterprise_id") or None,
        "team_id": form.get("team_id") or None,
        "is_enterprise_install": form.get("is_enterprise_install") == "true",
    }


FORM_FIELDS = frozenset(
    [
        "command",
        "text",
        "user_id",
        "response_url",
        "team_id",
        "enterprise_id",
        "is_enterprise_install",
        "payload",
    ]
)
MAX_FIELDS = 64


# "%2F" -> "/": every ASCII escape, in either case of its hex digits
_ASCII_ESCAPES = {
    f"{a}{b}": chr(n)
    for n in range(128)
    for a in {f"{n:02x}"[0], f"{n:02X}"[0]}
    for b in {f"{n:02x}"[1], f"{n:02X}"[1]}
}


def form_unquote(value: str) -> str:
    """`urllib.parse.unquote`, faster for what Slack sends (ASCII escapes: "%2F", "%3A"); any
    other escape, or a malformed one, is left to `unquote` itself."""
    if "%" not in value:
        return value
    parts = value.split("%")
    out = [parts[0]]
    for part in parts[1:]:
        char = _ASCII_ESCAPES.get(part[:2])
        if char is None:
            return unquote(value)
        out += (char, part[2:])
    return "".join(out)


def read_form(body: bytes) -> dict[str, str]:
    """The fields of a slash command's form that the fast path reads (the first of each),
    decoded; the rest are skipped, not decoded. A body that is not a form of at most
    `MAX_FIELDS` fields in UTF-8 is a `BadRequest`."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "malformed form body") from None
    pairs = text.split("&")
    if len(pairs) > MAX_FIELDS:
        raise BadRequest(400, "malformed form body")
    form: dict[str, str] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name in FORM_FIELDS and name not in form:
            form[name] = form_unquote(value.replace("+", " "))  # what unquote_plus does
    return form


def reachable(slack: SlackSettings) -> Callable[[], Awaitable[bool]]:
    """Readiness: Slack answers auth.test for the bot token. One HTTPS call with the standard
    library, in a thread: a probe does not load Slack's SDK into a server that answers only
    slash commands."""

    def auth_test() -> bool:
        import json
        import urllib.request

        url = (slack.api_url or "https://slack.com/api/").rstrip("/") + "/auth.test"
        request = urllib.request.Request(
            url, data=b"", method="POST", headers={"Authorization": f"Bearer {slack.bot_token}"}
        )
        with urllib.request.urlopen(request, timeout=2) as response:
            try:
                return bool(json.loads(response.read()).get("ok"))
            except (ValueError, AttributeError):  # not Slack's JSON: not reachable as Slack
                return False

    async def check() -> bool:
        import asyncio

        return await asyncio.to_thread(auth_test)

    return check


def mount(bot: Bot, settings: Settings) -> Mount | str:
    """Slack's part of `rolebot serve`; what to set when it is not configured."""
    from rolebot.server import Mount, MountRefused

    try:
        slack = SlackSettings.read(settings, socket=False)
    except MissingSetting as exc:
        why = (
            f"{exc}; one workspace needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, many need "
            "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET and ROLEBOT_SECRET_KEY"
        )
        if any(settings.get(k) for k in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")):
            raise MountRefused(f"slack: {why}") from None  # set up, but not enough to run safely
        return why
    if not slack.many:
        return Mount(endpoints(bot, slack), {"slack": reachable(slack)}, SDK_LOGGERS)
    from rolebot_slack.app import OAuth
    from rolebot_slack.workspaces import open_workspaces, prepare

    workspaces = open_workspaces(slack.database_url, slack.client_id, slack.secret_keys)
    prepare(workspaces)  # the tables, created on start where missing
    oauth = OAuth(slack.client_id, slack.client_secret, workspaces, slack.redirect_url)
    return Mount(endpoints(bot, slack, oauth), {"database": database_ok(workspaces)}, SDK_LOGGERS)


def database_ok(workspaces: Workspaces) -> Callable[[], Awaitable[bool]]:
    """Readiness, many workspaces: the database answers (each workspace has its own token)."""

    async def check() -> bool:
        from sqlalchemy import text

        async with workspaces.engine.connect() as conn:
            await conn.execute(text("select 1"))
        return True

    return check


async def serve_socket(bot: Bot, slack: SlackSettings) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from rolebot_slack.app import create_app

    app_token = slack.app_token
    # Socket Mode retries a lost connection for ever; one that never worked is a setup error
    if not await reachable(slack)():
        raise ConnectionError("auth.test failed")
    app = create_app(bot, token=slack.bot_token, api_url=slack.api_url)
    bot.warm()
    configure(quiet=SDK_LOGGERS)
    bot.watch()
    await AsyncSocketModeHandler(app, app_token).start_async()  # type: ignore[no-untyped-call]
