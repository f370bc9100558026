"""The answer cache is keyed by what an answer depends on (`Bot.key`): any two texts with the
same key get byte-identical answers, whatever their letter case, and a text whose answer may
echo it (a command that did not parse, a question) has no key."""

from __future__ import annotations

import asyncio
import json
import random

from rolebot.bot import Bot
from rolebot.render.text import render_text
from tests.conftest import all_command_texts


def variants(text: str, rng: random.Random, n: int = 3) -> list[str]:
    out = [text.upper(), text.title()]
    out += ["".join(c.upper() if rng.random() < 0.5 else c for c in text) for _ in range(n)]
    return out


def test_equal_keys_give_identical_answers(bot: Bot) -> None:
    rng = random.Random(7)
    keyed = 0
    for text in all_command_texts(bot.context()):
        key = bot.key(text)
        if key is None:
            continue
        keyed += 1
        want = render_text(bot.answer(text))
        for other in variants(text, rng):
            if bot.key(other) == key:
                assert render_text(bot.answer(other)) == want, (text, other)
    assert keyed > 400


def test_texts_that_may_be_echoed_have_no_key(bot: Bot) -> None:
    assert bot.key("/salary wizard") is None  # not understood: the reply names "wizard"
    assert bot.key("which pays more?") is None  # a question is read with its case
    assert bot.key("/salary senior ml") == bot.key("SALARY Senior ML")
    assert bot.key("/faq easier to break into") != bot.key("/faq EASIER to break into")  # text kept


def test_slack_acknowledgement_is_the_fresh_render_for_every_case(bot: Bot) -> None:
    from rolebot_slack.blocks import render_slack
    from rolebot_slack.commands import SlashCommands

    commands = SlashCommands(bot)
    rng = random.Random(3)
    texts = all_command_texts(bot.context())[::7]

    async def ack(text: str) -> bytes:
        word, _, rest = text.partition(" ")
        place = commands.answer({"command": f"/{word}", "text": rest, "response_url": "http://x"})
        return place.ack_json

    async def check() -> None:
        for text in texts:
            for other in [text, *variants(text, rng, 1)]:
                got = await ack(other)
                assert got == json.dumps(render_slack(bot.answer("/" + other))).encode(), other

    asyncio.run(check())


def test_a_remembered_lower_case_key_is_the_key_the_text_would_get(bot: Bot) -> None:
    from rolebot.settings import Settings
    from tests.conftest import CONTENT

    fresh = Bot(settings=Settings(content=CONTENT))
    rng = random.Random(11)
    for text in all_command_texts(bot.context()):
        for other in [text, *variants(text, rng, 2)]:
            fresh._caseless.clear()  # nothing remembered: the key read from the text itself
            assert bot.key(other) == fresh.key(other), other
    assert bot._caseless  # command texts were remembered by their lower case
    assert bot.key("/faq EASIER to break into") != bot.key("/faq easier to break into")  # text kept


def test_arguments_in_another_order_get_their_own_answer(bot: Bot) -> None:
    """decide's next step follows the order the answers were typed in: the key keeps it."""
    rng = random.Random(5)
    for text in all_command_texts(bot.context()):
        word, *args = text.split()
        if len(args) < 2:
            continue
        other = " ".join([word, *rng.sample(args, len(args))])
        if bot.key(other) == bot.key(text) and bot.key(text) is not None:
            assert render_text(bot.answer(other)) == render_text(bot.answer(text)), (text, other)
    assert bot.key("decide path:offers team:ml") != bot.key("decide team:ml path:offers")


def test_mentions_and_markup_are_never_read_by_their_lower_case(bot: Bot) -> None:
    from rolebot.settings import Settings
    from tests.conftest import CONTENT

    fresh = Bot(settings=Settings(content=CONTENT))
    for text in ("@here about", "/rolebot @here about", "<@U1> about", "*about*"):
        for other in (text, text.upper(), text.title()):
            fresh._caseless.clear()
            assert bot.key(other) == fresh.key(other), other
            if bot.key(other) is not None:  # equal keys, equal answers
                assert render_text(bot.answer(other)) == render_text(bot.answer(text)), other


def test_a_text_that_breaks_the_parser_has_no_key_and_still_gets_an_answer(bot: Bot) -> None:
    import asyncio

    from rolebot.conversation import Conversation
    from tests.test_conversation import Memory

    assert bot.key("/faq \u1369") is None  # an Ethiopic digit: int() refuses it
    memory = Memory()
    reply = asyncio.run(Conversation(bot, memory, "memory").command(None, "/faq \u1369", "u1"))
    assert reply.title and memory.calls
