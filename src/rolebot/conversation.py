"""The conversation flows every platform shares, written once: answer a command privately,
run a follow-up, share an answer publicly naming the sharer, answer a mention in its thread.
Each long answer is paged within the platform's message limit, Share is hidden once an answer
is shared, and a post that fails stops the rest of that answer and is logged (the platform's
own sending code retries what can be retried and logs each failure).

A platform takes part through a `Surface`: it renders a `Reply` within its limits and sends,
replaces or deletes messages at a `place`, its own handle on where a reply goes (an
interaction, a response URL, a channel and thread). Adapters only translate.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rolebot.answers.misread import stale_action
from rolebot.bot import Bot
from rolebot.flood import SLOW_DOWN, FloodGate
from rolebot.followups import MAX_REF
from rolebot.reply import Reply, Status

log = logging.getLogger("rolebot")

CACHED_ANSWERS = 4096  # rendered answers kept per platform (a few KB each)
CACHED_TEXT = 500  # characters: a longer text's answer is not kept under its exact words
SHARE_FAILED = "I couldn't post that in the channel just now; your private answer is still here."


@dataclass(frozen=True)
class Limits:
    """What a platform allows, as data the flows read."""

    messages: int = 5  # the most messages one answer may take (the first and the rest)
    follow_up: int = 100  # the longest follow-up reference a button may carry
    # the private copy of an answer can be removed once it is shared (Slack can through the
    # response URL; Discord cannot touch an ephemeral message after answering publicly)
    remove_shared: bool = False


class Surface(Protocol):
    """One platform as the flows use it."""

    limits: Limits

    def render(
        self, reply: Reply, *, public: bool, share: bool, shared_by: str | None = None
    ) -> Sequence[Any]:
        """The reply as the platform's messages, each within its limits; buttons on the last."""

    async def send(self, place: Any, message: Any, *, public: bool, command: str | None) -> bool:
        """Post a message at `place`, privately to the user or for everyone; True once sent.
        `command` names the answer in the platform's failure log."""

    async def replace(self, place: Any, message: Any, *, command: str | None) -> bool:
        """Replace the private message whose button was clicked."""

    async def delete(self, place: Any, *, command: str | None) -> bool:
        """Delete the private message whose button was clicked."""


class Conversation:
    """The flows, for one platform. Answers to commands depend only on their text and the
    content version, so their rendered messages are reused."""

    def __init__(self, bot: Bot, surface: Surface, platform: str, flood: FloodGate | None = None) -> None:
        if surface.limits.follow_up < MAX_REF:  # its buttons could not carry every follow-up
            raise ValueError(
                f"{platform}: buttons must carry {MAX_REF} characters, not {surface.limits.follow_up}"
            )
        self.bot, self.surface, self.platform = bot, surface, platform
        # answers to commands, rendered, by what they depend on (`Bot.key`), and the same
        # answers by their exact text: two caches, so that a flood of new spellings of known
        # commands cannot push the answers themselves out
        self._pages: OrderedDict[tuple[object, ...], tuple[Reply, tuple[Any, ...]]] = OrderedDict()
        self._texts: OrderedDict[tuple[str, str], tuple[Reply, tuple[Any, ...]]] = OrderedDict()
        # public posts are limited per user and channel (private answers never are)
        self.flood = flood if flood is not None else bot.settings.flood_gate()

    async def slowed(self, place: Any, user: str | None, where: str | None) -> bool:
        """Whether this public post would flood: if so, the poster is told privately."""
        if await self.flood.allow(user, where):
            return False
        notice = Reply(title=SLOW_DOWN, status=Status.ERROR)
        await self.deliver(
            place, notice, self.surface.render(notice, public=False, share=False), public=False
        )
        return True

    def _answer_pages(self, text: str) -> tuple[Reply, tuple[Any, ...]]:
        """A command's reply and its rendered pages, reused while the content is the same: for
        the same text, and for any text that says the same command ("/salary SENIOR ml")."""
        texts, cache = self._texts, self._pages
        version = self.bot.version
        # a long text is rarely sent twice: kept by its exact words only when short
        exact = (version, text) if len(text) <= CACHED_TEXT else None
        found = texts.get(exact) if exact is not None else None
        if found is not None:
            texts.move_to_end(exact)  # type: ignore[arg-type]
            return found
        key = self.bot.key(text)
        found = cache.get(key) if key is not None else None
        if found is None:
            reply = self.bot.answer(text)
            found = reply, tuple(self.surface.render(reply, public=False, share=True))
            if self.bot.version != version:  # the content changed meanwhile: answered, not kept
                return found
            if key is not None:
                cache[key] = found
                if len(cache) > CACHED_ANSWERS:
                    cache.popitem(last=False)
        else:
            cache.move_to_end(key)  # type: ignore[arg-type]
        if exact is not None and self.bot.version == version:  # kept under the version it is of
            texts[exact] = found
            if len(texts) > CACHED_ANSWERS:
                texts.popitem(last=False)
        return found

    async def deliver(
        self, place: Any, reply: Reply, pages: Sequence[Any], *, public: bool, replace: bool = False
    ) -> bool:
        """Post an answer's pages, at most `limits.messages`, stopping at the first that fails.
        With `replace`, the first page takes the place of the message whose button was clicked."""
        for n, page in enumerate(pages[: self.surface.limits.messages]):
            if n == 0 and replace:
                sent = await self.surface.replace(place, page, command=reply.command)
            else:
                sent = await self.surface.send(place, page, public=public, command=reply.command)
            if not sent:
                return False
        return True

    def answered(self, text: str, user: str | None) -> tuple[Reply, tuple[Any, ...]]:
        """A command or a question's reply and its private pages (follow-ups and Share), logged:
        what `command` delivers, for a platform that carries the pages back itself (a slash
        command's acknowledgement), synchronously."""
        started = time.perf_counter()
        reply, pages = self._answer_pages(text)
        self.bot.log_answer(self.platform, reply, started, text=text, user=user)
        return reply, pages

    async def command(self, place: Any, text: str, user: str | None) -> Reply:
        """A command or a question: answered privately, with follow-ups and Share."""
        reply, pages = self.answered(text, user)
        await self.deliver(place, reply, pages, public=False)
        return reply

    async def follow(self, place: Any, ref: str, user: str | None, *, in_private: bool) -> Reply:
        """A follow-up button: in a private answer the next step takes its place; under a
        public one it comes privately."""
        reply = self.bot.run_action(ref, platform=self.platform, user=user)
        pages = self.surface.render(reply, public=False, share=True)
        await self.deliver(place, reply, pages, public=False, replace=in_private)
        return reply

    async def stale(self, place: Any, *, in_private: bool) -> None:
        """A button from an older version of the bot: answered privately, never left hanging."""
        reply = stale_action(self.bot.context())
        pages = self.surface.render(reply, public=False, share=False)
        await self.deliver(place, reply, pages, public=False, replace=in_private)

    async def share(self, place: Any, ref: str, user: str | None, where: str | None = None) -> Reply:
        """Share: the answer posted for everyone, naming who shared it, without a Share button
        of its own. When that fails the sharer is told privately; when it worked, the private
        copy is removed where the platform allows it."""
        reply = self.bot.run_action(ref, platform=self.platform, user=user)
        if reply.status is not Status.OK:  # nothing worth sharing: say so privately
            pages = self.surface.render(reply, public=False, share=False)
            await self.deliver(place, reply, pages, public=False)
            return reply
        if await self.slowed(place, user, where):
            return reply
        pages = self.surface.render(reply, public=True, share=False, shared_by=user)
        if not await self.deliver(place, reply, pages, public=True):
            notice = Reply(title=SHARE_FAILED, status=Status.ERROR, command=reply.command)
            told = self.surface.render(notice, public=False, share=False)
            await self.deliver(place, notice, told, public=False)
            return reply
        if self.surface.limits.remove_shared:
            await self.surface.delete(place, command=reply.command)
        return reply

    async def direct(self, place: Any, ref: str, user: str | None, where: str | None = None) -> Reply:
        """A button outside any message thread (an app's home page): its answer is posted at
        `place`, a direct conversation with the user, without Share."""
        if await self.slowed(place, user, where):
            return Reply(title=SLOW_DOWN, status=Status.ERROR)
        reply = self.bot.run_action(ref, platform=self.platform, user=user)
        await self.deliver(place, reply, self.surface.render(reply, public=True, share=False), public=True)
        return reply

    async def mention(
        self,
        place: Any,
        text: str,
        user: str | None,
        *,
        shared_by: str | None = None,
        where: str | None = None,
    ) -> Reply:
        """A mention, a direct message, or a question posted in a thread for someone: answered
        publicly at `place`, without Share, unless the user or channel (`where`) is posting
        too fast."""
        if await self.slowed(place, user, where):
            return Reply(title=SLOW_DOWN, status=Status.ERROR)
        reply = self.bot.answer(text, platform=self.platform, user=user)
        pages = self.surface.render(reply, public=True, share=False, shared_by=shared_by)
        await self.deliver(place, reply, pages, public=True)
        return reply
