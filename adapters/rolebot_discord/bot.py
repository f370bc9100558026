"""The Discord bot: app commands answer privately with embeds and buttons; "Share" posts the
answer publicly and names who shared it; mentions get a reply. Nothing it sends can ping."""

from __future__ import annotations

import logging
import os
from typing import Any

import discord

from rolebot.bot import Bot
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
        await interaction.response.send_message(ephemeral=True, **to_kwargs(messages[0]))
        for message in messages[1:5]:
            await interaction.followup.send(ephemeral=True, **to_kwargs(message))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        custom_id = str(interaction.data.get("custom_id", ""))
        if custom_id.startswith(SHARE):
            reply = self.bot.answer(
                custom_id[len(SHARE) :], platform="discord", user=str(interaction.user.id)
            )
            messages = render_messages(reply, ephemeral=False, shared_by=str(interaction.user.id))
            await interaction.response.send_message(**to_kwargs(messages[0]))
            for message in messages[1:5]:
                await interaction.followup.send(**to_kwargs(message))
        elif custom_id.startswith(RUN):
            reply = self.bot.answer(custom_id[len(RUN) :], platform="discord", user=str(interaction.user.id))
            messages = render_messages(reply)
            origin = interaction.message
            if origin is not None and origin.flags.ephemeral:  # the private answer moves on in place
                await interaction.response.edit_message(**to_kwargs(messages[0]))
            else:  # under a public answer, the next step comes privately
                await interaction.response.send_message(ephemeral=True, **to_kwargs(messages[0]))
            for extra in messages[1:5]:
                await interaction.followup.send(ephemeral=True, **to_kwargs(extra))

    async def on_message(self, message: discord.Message) -> None:
        """`@rolebot which pays more?` in a channel or thread gets a reply to that message.
        Messages that mention the bot carry their text without the message-content intent."""
        me = self.client.user
        if me is None or message.author.bot or me not in message.mentions:
            return
        for n, payload in enumerate(
            render_messages(
                self.bot.answer(message.content, platform="discord", user=str(message.author.id)),
                ephemeral=False,
                share=False,
            )
        ):
            kwargs = to_kwargs(payload)
            if n == 0:
                await message.reply(mention_author=False, **kwargs)
            else:
                await message.channel.send(**kwargs)


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
