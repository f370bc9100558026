"""Slack as a `Surface` for the core's conversation flows: Block Kit messages, sent through a
response URL (commands and buttons) or the Web API (threads), or carried in a slash
command's acknowledgement."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

from rolebot.conversation import Limits
from rolebot.reply import Reply
from rolebot_slack.blocks import MAX_VALUE, render_messages

Message = dict[str, Any]
ACK_HEAD = b'{"response_type": "ephemeral", '


@dataclass(frozen=True, slots=True)
class Page:
    """One rendered message, kept as its JSON: answers are cached rendered, and a cached
    answer then costs its bytes, not a tree of dicts the garbage collector walks."""

    json: bytes
    chart: str | None = None  # a chart to upload once the message is posted (by its name)

    @classmethod
    def of(cls, message: Message) -> Page:
        return cls(json.dumps(message).encode())

    def message(self) -> Message:
        found: Message = json.loads(self.json)
        return found


@dataclass
class Place:
    """Where a reply goes on Slack: a response URL, or a channel and thread for the Web API.
    A slash command's first message rides in its acknowledgement (`ack_json`); the rest wait
    in `later` until it is sent."""

    url: str | None = None
    client: AsyncWebClient | None = None
    channel: str | None = None
    thread: str | None = None
    user: str | None = None  # who a private note in a channel goes to
    slash: bool = False
    ack_json: bytes = b""  # the acknowledgement's body, encoded
    later: list[tuple[Message, str | None]] = field(default_factory=list)

    @property
    def ack(self) -> Message | None:
        """The acknowledgement, decoded (for bolt's `ack`)."""
        found: Message | None = json.loads(self.ack_json) if self.ack_json else None
        return found


class SlackSurface:
    # a response URL takes five posts; the private copy of a shared answer can be deleted
    limits = Limits(messages=5, follow_up=MAX_VALUE, remove_shared=True)

    def __init__(self, public_url: str = "", charts: Callable[[str], bytes | None] | None = None) -> None:
        self.pending: set[asyncio.Task[None]] = set()
        self.public_url = public_url  # where Slack fetches charts from (ROLEBOT_PUBLIC_URL)
        self.charts = charts  # a chart's picture by name, to upload when no public URL is set

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[Page]:
        messages = render_messages(reply, share=share, shared_by=shared_by, charts=self.public_url)
        pages = [Page.of(m) for m in messages]
        if public and reply.chart is not None and not self.public_url and self.charts is not None:
            pages[-1] = Page(pages[-1].json, reply.chart.name)  # uploaded after it is posted
        return pages

    def acknowledge(self, place: Place, pages: Sequence[Page], command: str | None) -> None:
        """A slash command's private answer, at most `limits.messages` pages: the first rides
        in its acknowledgement, the rest wait for `flush`."""
        for page in pages[: self.limits.messages]:
            self._carry(place, page, command)

    @staticmethod
    def _carry(place: Place, page: Page, command: str | None) -> None:
        if not place.ack_json:  # {"response_type": "ephemeral", **message}
            place.ack_json = ACK_HEAD + page.json[1:]
        else:
            later = {"response_type": "ephemeral", "replace_original": False, **page.message()}
            place.later.append((later, command))

    async def send(self, place: Place, page: Page, *, public: bool, command: str | None) -> bool:
        if place.slash:  # the acknowledgement carries the first, `flush` posts the rest
            self._carry(place, page, command)
            return True
        message = page.message()
        sent = await self._send(place, message, public=public, command=command)
        chart = page.chart
        if sent and chart and place.channel and place.client is not None and self.charts is not None:
            data = self.charts(chart)
            if data is not None:  # the files API (files:write), where no public URL can serve it
                from rolebot_slack import delivery

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
        from rolebot_slack import delivery

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

    async def replace(self, place: Place, page: Page, *, command: str | None) -> bool:
        from rolebot_slack import delivery

        body = {"response_type": "ephemeral", "replace_original": True, **page.message()}
        return await delivery.respond(place.url, body, command=command)

    async def delete(self, place: Place, *, command: str | None) -> bool:
        from rolebot_slack import delivery

        return await delivery.respond(place.url, {"delete_original": True}, command=command)

    def flush(self, place: Place) -> None:
        """Once a slash command is acknowledged: post the rest of its answer, in order,
        stopping at the first that fails."""
        if not place.later:
            return
        later, place.later = place.later, []

        from rolebot_slack import delivery

        async def send() -> None:
            for message, command in later:
                if not await delivery.respond(place.url, message, command=command):
                    return

        task = asyncio.get_running_loop().create_task(send())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
