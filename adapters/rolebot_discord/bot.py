"""The Discord bot: app commands answer privately with embeds and buttons; "Share" posts the
answer publicly and names who shared it; mentions get a reply. Nothing it sends can ping."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable
from typing import Any

import discord

from rolebot.answers.misread import stale_action
from rolebot.bot import Bot
from rolebot.reply import Reply, Status
from rolebot_discord.commands import build_tree
from rolebot_discord.payload import RUN, SHARE, render_messages

log = logging.getLogger("rolebot.discord")
NO_MENTIONS = discord.AllowedMentions.none()


def configure_api(url: str | None = None) -> None:
    """Point discord.py's REST calls at `url` (DISCORD_API_URL), e.g. a local mock in tests."""
    url = url or os.environ.get("DISCORD_API_URL")
    if url:
        discord.http.Route.BASE = url.rstrip("/")


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


class Handlers:
    def __init__(self, bot: Bot, client: discord.Client) -> None:
        self.bot, self.client = bot, client

    async def answer(self, interaction: discord.Interaction, text: str) -> None:
        """Reply to a slash command: private, with follow-up and Share buttons."""
        reply = self.bot.answer(text, platform="discord", user=str(interaction.user.id))
        messages = render_messages(reply)
        first = interaction.response.send_message(ephemeral=True, **to_kwargs(messages[0]))
        if await self.send("command", reply.command, first):
            for message in messages[1:5]:
                await self.send(
                    "followup", reply.command, interaction.followup.send(ephemeral=True, **to_kwargs(message))
                )

    async def send(self, what: str, command: str | None, call: Awaitable[Any]) -> bool:
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
        return False

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        custom_id = str(interaction.data.get("custom_id", ""))
        user = str(interaction.user.id)
        if custom_id.startswith(SHARE):
            reply = self.bot.run_action(custom_id[len(SHARE) :], platform="discord", user=user)
            if reply.status is not Status.OK:  # nothing worth sharing: say so privately
                await self.private(interaction, reply)
                return
            messages = render_messages(reply, ephemeral=False, shared_by=user)
            if await self.send(
                "share", reply.command, interaction.response.send_message(**to_kwargs(messages[0]))
            ):
                for message in messages[1:5]:
                    await self.send(
                        "followup", reply.command, interaction.followup.send(**to_kwargs(message))
                    )
        elif custom_id.startswith(RUN):
            reply = self.bot.run_action(custom_id[len(RUN) :], platform="discord", user=user)
            await self.private(interaction, reply)
        else:  # a button from an older version of the bot
            await self.private(interaction, stale_action(self.bot.context()))

    async def private(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Answer a button privately: a private answer moves on in place; under a public one
        the next step comes privately."""
        messages = render_messages(reply)
        origin = interaction.message
        if origin is not None and origin.flags.ephemeral:
            first = interaction.response.edit_message(**to_kwargs(messages[0]))
        else:
            first = interaction.response.send_message(ephemeral=True, **to_kwargs(messages[0]))
        if await self.send("button", reply.command, first):
            for extra in messages[1:5]:
                await self.send(
                    "followup", reply.command, interaction.followup.send(ephemeral=True, **to_kwargs(extra))
                )

    async def on_message(self, message: discord.Message) -> None:
        """`@rolebot which pays more?` in a channel or thread gets a reply to that message.
        Messages that mention the bot carry their text without the message-content intent."""
        me = self.client.user
        if me is None or message.author.bot or me not in message.mentions:
            return
        reply = self.bot.answer(message.content, platform="discord", user=str(message.author.id))
        for n, payload in enumerate(render_messages(reply, ephemeral=False, share=False)):
            kwargs = to_kwargs(payload)
            call = message.reply(mention_author=False, **kwargs) if n == 0 else message.channel.send(**kwargs)
            if not await self.send("mention", reply.command, call):
                return


def create_client(bot: Bot, *, sharded: bool = False, shard_count: int | None = None) -> discord.Client:
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True  # mentions arrive as messages; no privileged intent needed
    intents.dm_messages = True
    cls = discord.AutoShardedClient if sharded else discord.Client
    client = cls(intents=intents, allowed_mentions=NO_MENTIONS, shard_count=shard_count)
    handlers = Handlers(bot, client)
    client.rolebot = bot  # type: ignore[attr-defined]
    client.tree = build_tree(client, bot, handlers.answer)  # type: ignore[attr-defined]
    client.event(handlers.on_interaction)
    client.event(handlers.on_message)

    async def on_app_command_error(interaction: discord.Interaction, error: Exception) -> None:
        log.error("discord command failed: %s", type(error).__name__)

    client.tree.on_error = on_app_command_error  # type: ignore[attr-defined]
    return client
