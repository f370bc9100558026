"""`rolebot discord ...`: print the command JSON, sync it, or run the bot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rolebot.settings import Settings


def add_parser(sub: Any) -> None:
    p = sub.add_parser("discord", help="Discord bot: command JSON, sync, run")
    cmds = p.add_subparsers(dest="discord_cmd", required=True, metavar="ACTION")
    cmds.add_parser("commands", help="print the app command JSON as it would be registered")
    sync = cmds.add_parser("sync", help="register the commands (a guild: instant; none: global)")
    sync.add_argument("--guild", type=int, help="guild id for instant, development registration")
    run = cmds.add_parser("run", help="run the bot (DISCORD_TOKEN)")
    run.add_argument(
        "--shards", type=int, help="shard count (default: one process, Discord's recommendation)"
    )
    run.add_argument("--auto-shard", action="store_true", help="AutoShardedClient with Discord's shard count")
    run.add_argument(
        "--shard-ids",
        help="with --shards: the shards this process runs, e.g. 0,1 (default: all of them)",
    )
    for q in (sync, run):
        q.add_argument("--content", help="content folder")


def _client(args: argparse.Namespace, settings: Settings) -> Any:
    from dataclasses import replace

    from rolebot.bot import Bot
    from rolebot_discord.bot import configure_api, create_client

    configure_api(settings.get("DISCORD_API_URL") or None, settings.get("DISCORD_GATEWAY_URL") or None)
    if getattr(args, "content", None):
        settings = replace(settings, content=Path(args.content))
    bot = Bot(settings=settings)
    ids = getattr(args, "shard_ids", None)
    return create_client(
        bot,
        sharded=bool(getattr(args, "auto_shard", False) or getattr(args, "shards", None)),
        shard_count=getattr(args, "shards", None),
        shard_ids=[int(i) for i in ids.split(",")] if ids else None,
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from rolebot_discord.commands import check_commands, command_json

    if args.discord_cmd == "commands":
        payload = command_json(_client(args, settings).tree)
        problems = check_commands(payload)
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        for p in problems:
            print(f"rolebot: {p}", file=sys.stderr)
        return 1 if problems else 0
    token = settings.get("DISCORD_TOKEN")
    if not token:
        print("rolebot: DISCORD_TOKEN is not set", file=sys.stderr)
        return 1
    client = _client(args, settings)
    if args.discord_cmd == "sync":
        problems = check_commands(command_json(client.tree))
        if problems:
            for p in problems:
                print(f"rolebot: {p}", file=sys.stderr)
            return 1
        return _unreachable(lambda: asyncio.run(_sync(client, token, args.guild)))
    from rolebot.logs import configure

    configure(quiet=("discord",))
    client.rolebot.warm()  # every index built before the first interaction (autocomplete: 3 s)
    client.rolebot.watch()
    return _unreachable(lambda: asyncio.run(_run(client, token)))


async def _run(client: Any, token: str) -> int:
    """Run until SIGTERM or SIGINT; then stop taking events, let the replies in flight finish,
    and close the gateway with a close frame (discord.py's own `run` knows only SIGINT)."""
    import signal

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with client:
        await client.login(token)
        connection = asyncio.create_task(client.connect())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if connection.done():  # the gateway gave up: its error says why
            stopping.cancel()
            connection.result()
            return 1
        await client.handlers.drain()  # replies in flight finish first
        # stop reading first: a read in progress would answer our close with its own 4000
        connection.cancel()
        await asyncio.gather(connection, return_exceptions=True)
        await client.close()  # a close frame (1000), then the HTTP session
    return 0


def _unreachable(run: Callable[[], int]) -> int:
    """Run, turning the failures of reaching Discord into one line naming what to check."""
    import aiohttp
    import discord

    try:
        return run()
    except discord.LoginFailure:
        print(
            "rolebot: Discord refused DISCORD_TOKEN; check it in the Developer Portal (Bot > Token)",
            file=sys.stderr,
        )
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        print(
            f"rolebot: cannot reach Discord ({type(exc).__name__}); "
            f"check the network, or DISCORD_API_URL if set",
            file=sys.stderr,
        )
    return 1


async def _sync(client: Any, token: str, guild_id: int | None) -> int:
    import discord

    async with client:
        await client.login(token)  # also learns the application id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    where = f"guild {guild_id}" if guild_id else "globally (may take a while to appear)"
    print(f"synced {len(synced)} commands {where}")
    return 0
