"""Slack as a `Surface` for the core's conversation flows: Block Kit messages, sent through a
response URL (commands and buttons) or the Web API (threads), or carried in a slash
command's acknowledgement."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from rolebot.conversation import Limits
from rolebot.reply import Reply
from rolebot_slack import delivery
from rolebot_slack.blocks import MAX_VALUE, render_messages

Message = dict[str, Any]
UPLOAD = "_rolebot_chart"  # a chart to upload after the message (never sent to Slack)


@dataclass
class Place:
    """Where a reply goes on Slack: a response URL, or a channel and thread for the Web API.
    A slash command's first message rides in its acknowledgement (`ack`); the rest wait in
    `later` until it is sent."""

    url: str | None = None
    client: AsyncWebClient | None = None
    channel: str | None = None
    thread: str | None = None
    user: str | None = None  # who a private note in a channel goes to
    slash: bool = False
    ack: Message | None = None
    later: list[tuple[Message, str | None]] = field(default_factory=list)


class SlackSurface:
    # a response URL takes five posts; the private copy of a shared answer can be deleted
    limits = Limits(messages=5, follow_up=MAX_VALUE, remove_shared=True)

    def __init__(self, public_url: str = "", charts: Callable[[str], bytes | None] | None = None) -> None:
        self.pending: set[asyncio.Task[None]] = set()
        self.public_url = public_url  # where Slack fetches charts from (ROLEBOT_PUBLIC_URL)
        self.charts = charts  # a chart's picture by name, to upload when no public URL is set

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[Message]:
        messages = render_messages(reply, share=share, shared_by=shared_by, charts=self.public_url)
        if public and reply.chart is not None and not self.public_url and self.charts is not None:
            messages[-1] = {**messages[-1], UPLOAD: reply.chart.name}  # uploaded after it is posted
        return messages

    async def send(self, place: Place, message: Message, *, public: bool, command: str | None) -> bool:
        chart = message.get(UPLOAD)
        if chart is not None:
            message = {k: v for k, v in message.items() if k != UPLOAD}
        sent = await self._send(place, message, public=public, command=command)
        if sent and chart and place.channel and place.client is not None and self.charts is not None:
            data = self.charts(chart)
            if data is not None:  # the files API (files:write), where no public URL can serve it
                await delivery.call(
                    place.client.files_upload_v2,
                    command=command,
                    channel=place.channel,
                    thread_ts=place.thread,
                    content=data,
                    filename=chart,
                    title="Salary bands",
                )
        return sent

    async def _send(self, place: Place, message: Message, *, public: bool, command: str | None) -> bool:
        if place.slash:  # the acknowledgement carries the first; the rest follow it
            if place.ack is None:
                place.ack = {"response_type": "ephemeral", **message}
            else:
                later = {"response_type": "ephemeral", "replace_original": False, **message}
                place.later.append((later, command))
            return True
        if place.channel is not None and place.client is not None and not public and place.user:
            return await delivery.call(  # a private note beside a public thread
                place.client.chat_postEphemeral,
                command=command,
                channel=place.channel,
                user=place.user,
                thread_ts=place.thread,
                **message,
            )
        if place.channel is not None and place.client is not None:
            return await delivery.call(
                place.client.chat_postMessage,
                command=command,
                channel=place.channel,
                thread_ts=place.thread,
                **message,
            )
        kind = "in_channel" if public else "ephemeral"
        return await delivery.respond(
            place.url, {"response_type": kind, "replace_original": False, **message}, command=command
        )

    async def replace(self, place: Place, message: Message, *, command: str | None) -> bool:
        body = {"response_type": "ephemeral", "replace_original": True, **message}
        return await delivery.respond(place.url, body, command=command)

    async def delete(self, place: Place, *, command: str | None) -> bool:
        return await delivery.respond(place.url, {"delete_original": True}, command=command)

    def flush(self, place: Place) -> None:
        """Once a slash command is acknowledged: post the rest of its answer, in order,
        stopping at the first that fails."""
        if not place.later:
            return
        later, place.later = place.later, []

        async def send() -> None:
            for message, command in later:
                if not await delivery.respond(place.url, message, command=command):
                    return

        task = asyncio.get_running_loop().create_task(send())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
