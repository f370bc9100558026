"""The Discord bot: app commands answer privately with embeds and buttons; "Share" posts the
answer publicly and names who shared it; mentions get a reply. Nothing it sends can ping."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from rolebot import events
from rolebot.bot import Bot
from rolebot.conversation import Conversation, Limits
from rolebot.reply import Reply
from rolebot_discord.commands import build_tree
from rolebot_discord.payload import MAX_CUSTOM_ID, RUN, SHARE, render_messages

log = logging.getLogger("rolebot.discord")
NO_MENTIONS = discord.AllowedMentions.none()
ATTACHED = "attachment://"


def configure_api(url: str | None = None, gateway: str | None = None) -> None:
    """Point discord.py's REST calls at `url` (DISCORD_API_URL) and its first gateway
    connection at `gateway` (DISCORD_GATEWAY_URL), e.g. local mocks in tests."""
    if url:
        discord.http.Route.BASE = url.rstrip("/")
    if gateway:
        import yarl

        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


def to_kwargs(message: dict[str, Any]) -> dict[str, Any]:
    """A rendered payload as discord.py keyword arguments."""
    kwargs: dict[str, Any] = {
        "content": message.get("content") or None,
        "embeds": [discord.Embed.from_dict(e) for e in message.get("embeds", [])],
        "allowed_mentions": NO_MENTIONS,
    }
    rows = message.get("components", [])
    if rows:
        view = discord.ui.View(timeout=None)
        for n, row in enumerate(rows):
            for b in row["components"]:
                view.add_item(
                    discord.ui.Button(
                        style=discord.ButtonStyle(b["style"]),
                        label=b["label"],
                        custom_id=b["custom_id"],
                        row=n,
                    )
                )
        view.stop()  # a layout only: clicks are handled statelessly in `on_interaction`
        kwargs["view"] = view
    return kwargs


@dataclass
class Place:
    """Where a reply goes on Discord: an interaction (its first answer is the interaction
    response, the rest follow-ups), or a message that mentioned the bot (a reply, then
    messages in its channel)."""

    interaction: discord.Interaction | None = None
    message: discord.Message | None = None
    replied: bool = False


class DiscordSurface:
    # an interaction answer and four follow-ups; an ephemeral message cannot be removed once
    # the interaction is answered publicly, so a shared answer's private copy stays
    limits = Limits(messages=5, follow_up=MAX_CUSTOM_ID, remove_shared=False)

    def __init__(self, bot: Bot | None = None) -> None:
        self.bot = bot  # charts are drawn from its content and attached to the message

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[dict[str, Any]]:
        charts = ATTACHED if self.bot is not None else ""
        return render_messages(reply, ephemeral=not public, share=share, shared_by=shared_by, charts=charts)

    def _kwargs(self, message: dict[str, Any]) -> dict[str, Any]:
        kwargs = to_kwargs(message)
        image = next((e.get("image", {}).get("url", "") for e in message.get("embeds", [])), "")
        if image.startswith(ATTACHED) and self.bot is not None:
            name = image[len(ATTACHED) :]
            data = self.bot.chart_png(name)
            if data is not None:
                kwargs["files"] = [discord.File(io.BytesIO(data), filename=name)]
        return kwargs

    async def send(self, place: Place, message: dict[str, Any], *, public: bool, command: str | None) -> bool:
        kwargs = self._kwargs(message)
        if place.message is not None and not public:  # a private note: in a DM to its author
            return await self.call("dm", command, place.message.author.send(**kwargs))
        if place.message is not None:  # a mention: reply to it, then post in its channel
            first = not place.replied
            place.replied = True
            call = (
                place.message.reply(mention_author=False, **kwargs)
                if first
                else place.message.channel.send(**kwargs)
            )
            return await self.call("mention", command, call)
        interaction = place.interaction
        assert interaction is not None
        if not interaction.response.is_done():
            return await self.call(
                "command", command, interaction.response.send_message(ephemeral=not public, **kwargs)
            )
        return await self.call("followup", command, interaction.followup.send(ephemeral=not public, **kwargs))

    async def replace(self, place: Place, message: dict[str, Any], *, command: str | None) -> bool:
        assert place.interaction is not None
        return await self.call(
            "button", command, place.interaction.response.edit_message(**to_kwargs(message))
        )

    async def delete(self, place: Place, *, command: str | None) -> bool:
        return False  # see `limits`: never asked

    @staticmethod
    async def call(what: str, command: str | None, call: Awaitable[Any]) -> bool:
        """Await a Discord call (discord.py itself retries rate limits and 5xx); a final
        failure is logged with the call, the status and the command."""
        try:
            await call
            return True
        except discord.HTTPException as exc:
            log.error("discord delivery failed: call=%s status=%s command=%s", what, exc.status, command)
        except (discord.DiscordException, OSError, TimeoutError) as exc:
            log.error(
                "discord delivery failed: call=%s error=%s command=%s", what, type(exc).__name__, command
            )
        events.tell(events.DELIVERY_FAILED, platform="discord", call=what)
        return False


class Handlers:
    """Discord's events, translated for the core's conversation flows."""

    def __init__(self, bot: Bot, client: discord.Client) -> None:
        self.bot, self.client = bot, client
        self.flows = Conversation(bot, DiscordSurface(bot), "discord")
        self.in_flight = 0  # replies being made; a graceful stop waits for them

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait (up to `timeout` seconds) until no reply is being made."""
        end = asyncio.get_running_loop().time() + timeout
        while self.in_flight and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(0.02)

    async def answer(self, interaction: discord.Interaction, text: str) -> None:
        """Reply to a slash command: private, with follow-up and Share buttons."""
        self.in_flight += 1
        try:
            await self.flows.command(Place(interaction), text, str(interaction.user.id))
        finally:
            self.in_flight -= 1

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        self.in_flight += 1
        try:
            await self._component(interaction)
        finally:
            self.in_flight -= 1

    async def _component(self, interaction: discord.Interaction) -> None:
        assert interaction.data is not None
        custom_id = str(interaction.data.get("custom_id", ""))
        user = str(interaction.user.id)
        origin = interaction.message
        in_private = origin is not None and origin.flags.ephemeral
        if custom_id.startswith(SHARE):
            where = str(interaction.channel_id) if interaction.channel_id else None
            await self.flows.share(Place(interaction), custom_id[len(SHARE) :], user, where)
        elif custom_id.startswith(RUN):
            await self.flows.follow(Place(interaction), custom_id[len(RUN) :], user, in_private=in_private)
        else:  # a button from an older version of the bot
            await self.flows.stale(Place(interaction), in_private=in_private)

    async def on_message(self, message: discord.Message) -> None:
        """`@rolebot which pays more?` in a channel or thread gets a reply to that message.
        Messages that mention the bot carry their text without the message-content intent."""
        me = self.client.user
        # a DM: every message is for the bot (its text comes with it, no privileged intent)
        direct = isinstance(message.channel, discord.DMChannel)
        if me is None or message.author.bot or not (direct or me in message.mentions):
            return
        self.in_flight += 1
        try:
            where = str(message.channel.id)
            await self.flows.mention(
                Place(message=message), message.content, str(message.author.id), where=where
            )
        finally:
            self.in_flight -= 1


def create_client(
    bot: Bot, *, sharded: bool = False, shard_count: int | None = None, shard_ids: list[int] | None = None
) -> discord.Client:
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True  # mentions arrive as messages; no privileged intent needed
    intents.dm_messages = True
    if sharded:
        extra: dict[str, Any] = {"shard_ids": shard_ids} if shard_ids else {}
        client: discord.Client = discord.AutoShardedClient(
            intents=intents, allowed_mentions=NO_MENTIONS, shard_count=shard_count, **extra
        )
    else:
        client = discord.Client(intents=intents, allowed_mentions=NO_MENTIONS)
    handlers = Handlers(bot, client)
    client.handlers = handlers  # type: ignore[attr-defined]
    client.rolebot = bot  # type: ignore[attr-defined]
    client.tree = build_tree(client, bot, handlers.answer)  # type: ignore[attr-defined]
    client.event(handlers.on_interaction)
    client.event(handlers.on_message)

    async def on_app_command_error(interaction: discord.Interaction, error: Exception) -> None:
        log.error("discord command failed: %s", type(error).__name__)

    client.tree.on_error = on_app_command_error  # type: ignore[attr-defined]
    return client
