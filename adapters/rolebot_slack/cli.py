"""`rolebot slack ...`: print the app manifest, or run the app."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from typing import Any

from rolebot.settings import Settings


def add_parser(sub: Any) -> None:
    p = sub.add_parser("slack", help="Slack app: manifest and server")
    cmds = p.add_subparsers(dest="slack_cmd", required=True, metavar="ACTION")
    man = cmds.add_parser("manifest", help="print the app manifest (Socket Mode unless --url is given)")
    man.add_argument("--url", help="public base URL of `serve --http`, e.g. https://bot.example.com")
    man.add_argument(
        "--commands",
        choices=("umbrella", "all"),
        default="umbrella",
        help="umbrella (default): only /rolebot, which cannot collide with other apps in a shared "
        "workspace; all: /rolebot plus one slash command per command",
    )
    man.add_argument(
        "--prefix",
        default="",
        help="a prefix for each command (implies --commands all), e.g. rb- gives /rb-salary",
    )
    man.add_argument(
        "--assistant",
        action="store_true",
        help="the assistant side panel (needs a paid Slack plan): its view, scope and events",
    )
    man.add_argument(
        "--many",
        action="store_true",
        help="for many workspaces (OAuth install): adds the redirect URL; needs --url",
    )
    srv = cmds.add_parser("serve", help="run the app")
    mode = srv.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)")
    mode.add_argument("--http", action="store_true", help="HTTP (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)")
    srv.add_argument("--port", type=int, default=3000)
    srv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    srv.add_argument("--workers", type=int, default=1, help="with --http: worker processes (default 1)")
    srv.add_argument("--content", help="content folder")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.slack_cmd == "manifest":
        from rolebot_slack.manifest import manifest

        if args.url and not args.url.startswith(("https://", "http://")):
            print("rolebot: --url needs the scheme, e.g. https://bot.example.com", file=sys.stderr)
            return 1
        if args.prefix and args.commands == "umbrella":  # a prefix is for per-command commands
            args.commands = "all"
        if args.prefix and not re.fullmatch(r"[a-z0-9_]{1,12}-", args.prefix):
            print(
                "rolebot: --prefix must be up to 12 lowercase letters, digits or _ and end in -",
                file=sys.stderr,
            )
            return 1
        if args.many and not args.url:
            print(
                "rolebot: --many needs --url, the public address Slack redirects installs to", file=sys.stderr
            )
            return 1
        data = manifest(
            args.url, commands_=args.commands, prefix=args.prefix, many=args.many, assistant=args.assistant
        )
        print(json.dumps(data, indent=2, ensure_ascii=False))
        if args.many:
            from rolebot_slack.manifest import BOT_SCOPES, redirect_url

            print(
                f"rolebot: redirect URL {redirect_url(args.url)}; bot scopes {', '.join(BOT_SCOPES)}; "
                "then turn on Manage Distribution to install it in other workspaces",
                file=sys.stderr,
            )
        return 0
    from dataclasses import replace
    from pathlib import Path

    import slack_bolt  # noqa: F401  (a missing extra is said before any missing token)

    if not args.socket:
        import uvicorn  # noqa: F401

    from rolebot.bot import Bot
    from rolebot_slack.server import MissingSetting, SlackSettings, serve_socket

    try:
        slack = SlackSettings.read(settings, socket=args.socket)
    except MissingSetting as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return 1
    if args.content:
        settings = replace(settings, content=Path(args.content))
    if args.socket:
        bot = Bot(settings=settings)
        from aiohttp import ClientError
        from slack_sdk.errors import SlackApiError

        try:
            asyncio.run(serve_socket(bot, slack))
        except (ClientError, OSError, TimeoutError, SlackApiError) as exc:
            print(
                f"rolebot: cannot reach Slack with SLACK_BOT_TOKEN ({type(exc).__name__}); "
                f"check the network, the token, or SLACK_API_URL if set",
                file=sys.stderr,
            )
            return 1
        return 0
    from rolebot.server import serve  # `slack serve --http` is `rolebot serve` with Slack set

    return serve(settings, args.host, args.port, args.workers)
