"""Socket Mode against a local mock socket server: hello, a slash command envelope, the ack."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.slack.conftest import TOKEN, MockSlack


async def test_socket_mode_slash_command(bot, slack_api: MockSlack) -> None:  # type: ignore[no-untyped-def]
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from rolebot_slack.app import create_app

    acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def link(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "connection_info": {"app_id": "A1"},
                "debug_info": {"host": "local"},
            }
        )
        await ws.send_json(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "token": "legacy",
                    "team_id": "T1",
                    "channel_id": "C1",
                    "user_id": "U1",
                    "command": "/salary",
                    "text": "senior ml",
                    "api_app_id": "A1",
                    "response_url": f"{slack_api.base}/response/sock",
                    "trigger_id": "1.2.3",
                },
            }
        )
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                await acks.put(json.loads(msg.data))
        return ws

    server = web.Application()
    server.router.add_get("/link", link)
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    slack_api.socket_url = f"ws://127.0.0.1:{port}/link"
    handler = AsyncSocketModeHandler(
        create_app(bot, token=TOKEN, api_url=slack_api.base + "/api/"), "xapp-1-test"
    )
    try:
        await handler.connect_async()
        ack = await asyncio.wait_for(acks.get(), 10)
        assert ack["envelope_id"] == "env-1"
        assert ack["payload"]["response_type"] == "ephemeral"
        assert "£120-165k" in json.dumps(ack["payload"], ensure_ascii=False)
        opened = slack_api.wait("/api/apps.connections.open")[0]
        assert opened.headers["Authorization"] == "Bearer xapp-1-test"
    finally:
        await handler.close_async()
        await runner.cleanup()
