"""The Slack app over real HTTP on loopback, with Slack-signed requests and a mock Web API."""

from __future__ import annotations

import json
import time

from slack_sdk.models.blocks import Block

from rolebot_slack.blocks import check_message
from tests.slack.conftest import FORM, Served, block_action, command_body


def valid(message: dict) -> None:  # type: ignore[type-arg]
    assert check_message(message) == []
    for b in message["blocks"]:
        parsed = Block.parse(b)
        assert parsed is not None
        parsed.to_dict()  # runs slack_sdk's validators


def test_slash_command_is_answered_inline(served: Served) -> None:
    t0 = time.perf_counter()
    status, body = served.command("/salary", "senior ml")
    assert time.perf_counter() - t0 < 3
    assert status == 200
    assert body["response_type"] == "ephemeral"
    valid(body)
    types = [b["type"] for b in body["blocks"]]
    assert types[0] == "header" and "context" in types and types[-1] == "actions"
    assert "£120-165k" in json.dumps(body, ensure_ascii=False)
    assert "JobLabs" in body["blocks"][-2]["elements"][0]["text"]
    buttons = body["blocks"][-1]["elements"]
    assert buttons[-1]["action_id"] == "rolebot_share" and buttons[-1]["value"] == "salary senior ml"
    assert buttons[0]["value"] == "salary senior ai"
    assert body["text"].startswith("Senior ML Engineer salary")
    status, prefixed = served.command("/rb-salary", "senior ml")  # as `manifest --prefix rb-` names it
    assert status == 200 and prefixed == body


def test_umbrella_and_unknown_commands(served: Served) -> None:
    status, body = served.command("/rolebot", "salary staff ai")
    assert status == 200 and "£165-200k" in json.dumps(body, ensure_ascii=False)
    status, body = served.command("/rolebot", "")
    assert status == 200 and body["blocks"][0]["text"]["text"].startswith("rolebot")
    status, body = served.command("/rolebot", "salry senior")
    assert status == 200 and "salary" in json.dumps(body)


def test_bad_signatures_get_401(served: Served) -> None:
    body = command_body("/salary", "senior ml", served.mock.base)
    assert served.request("POST", "/slack/events", body, {"Content-Type": FORM})[0] == 401
    assert served.post_signed(body, FORM, secret="wrong-secret")[0] == 401
    assert served.post_signed(body, FORM, ts=int(time.time()) - 301)[0] == 401
    assert served.post_signed(body, FORM, ts=int(time.time()) + 301)[0] == 401
    assert served.post_signed(body, FORM, ts=int(time.time()) - 200)[0] == 200


def test_healthz(served: Served) -> None:
    status, headers, data = served.request("GET", "/healthz")
    assert status == 200 and headers["content-type"] == "application/json"
    info = json.loads(data)
    assert info["status"] == "ok" and len(info["packs"]["ai-vs-ml-engineer"]) == 16


def test_url_verification(served: Served) -> None:
    body = json.dumps({"token": "x", "challenge": "abc123", "type": "url_verification"}).encode()
    status, _, data = served.post_signed(body, "application/json")
    assert status == 200 and b"abc123" in data


def test_echoed_text_never_pings(served: Served) -> None:
    status, body = served.command("/salary", "<!channel> <@U999> <!here> @everyone")
    assert status == 200
    raw = json.dumps(body)
    for ping in ("<!channel>", "<!here>", "<@U999>", "<!everyone>"):
        assert ping not in raw
    status, body = served.command("/faq", "<!channel> what")
    assert "<!channel>" not in json.dumps(body)
    # text that arrives with Slack's entities is escaped once, not twice
    status, body = served.command("/salary", "&lt;!here&gt; wizard &amp; co")
    raw = json.dumps(body)
    assert "<!here>" not in raw and "&amp;amp;" not in raw and "&amp;lt;" not in raw


def test_share_posts_for_everyone_and_names_the_sharer(served: Served) -> None:
    assert served.interact(block_action(served, "rolebot_share", "salary senior ml", True)) == 200
    posts = served.mock.wait("/response/act", 2)
    public = posts[0].body
    assert public["response_type"] == "in_channel" and public["replace_original"] is False
    assert "Shared by <@U1>" in json.dumps(public)
    assert not any(
        e.get("action_id") == "rolebot_share"
        for b in public["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    valid(public)
    assert posts[1].body.get("delete_original") is True


def test_follow_up_button_runs_the_next_command(served: Served) -> None:
    assert served.interact(block_action(served, "rolebot_run:0", "decide team:same", True)) == 200
    post = served.mock.wait("/response/act")[0].body
    assert post["replace_original"] is True and post["response_type"] == "ephemeral"
    commands = [e["value"] for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "decide team:same company:ai" in commands
    valid(post)


def test_follow_up_under_a_public_message_answers_privately(served: Served) -> None:
    assert served.interact(block_action(served, "rolebot_run:1", "salary ml", False)) == 200
    post = served.mock.wait("/response/act")[0].body
    assert post["replace_original"] is False and post["response_type"] == "ephemeral"


def test_mention_answers_in_thread_once_despite_retries(served: Served) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UBOT> which pays more?",
        "ts": "100.1",
        "channel": "C1",
        "event_ts": "100.1",
    }
    assert served.event(event, "Ev1") == 200
    assert served.event(event, "Ev1", retry=1) == 200
    served.mock.wait("/api/chat.postMessage")
    time.sleep(0.3)  # room for a duplicate post to arrive, if the retry caused one
    posts = [c for c in served.mock.calls if c.path == "/api/chat.postMessage"]
    assert len(posts) == 1
    body = posts[0].body
    assert body["channel"] == "C1" and body["thread_ts"] == "100.1"
    assert "Which pays more" in body["text"]
    assert posts[0].headers["Authorization"] == "Bearer xoxb-test-token"


def test_mention_inside_a_thread_replies_in_that_thread(served: Served) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UBOT> salary senior ml",
        "ts": "200.5",
        "thread_ts": "200.1",
        "channel": "C2",
        "event_ts": "200.5",
    }
    assert served.event(event, "Ev2") == 200
    body = served.mock.wait("/api/chat.postMessage")[0].body
    assert body["thread_ts"] == "200.1" and "£120-165k" in body["text"]


def test_message_shortcut_opens_modal_then_posts_in_thread(served: Served) -> None:
    shortcut = {
        "type": "message_action",
        "callback_id": "rolebot_answer",
        "trigger_id": "9.9.9",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C3", "name": "jobs"},
        "message": {
            "type": "message",
            "text": "which role is easier to break into?",
            "ts": "300.1",
            "user": "U2",
        },
        "response_url": f"{served.mock.base}/response/sc",
        "message_ts": "300.1",
        "token": "legacy",
    }
    assert served.interact(shortcut) == 200
    opened = served.mock.wait("/api/views.open")[0].body
    assert opened["trigger_id"] == "9.9.9"
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    question = view["blocks"][1]["element"]
    assert question["initial_value"] == "which role is easier to break into?"
    submission = view_submission(view["private_metadata"], None, "which role is easier to break into?")
    assert served.interact(submission) == 200
    post = served.mock.wait("/api/chat.postMessage")[0].body
    assert post["channel"] == "C3" and post["thread_ts"] == "300.1"
    assert "Which role is easier to break into?" in post["text"]
    assert "Shared by <@U1>" in json.dumps(post)


def view_submission(metadata: str, topic: str | None, question: str | None) -> dict:  # type: ignore[type-arg]
    """A view_submission payload of the answer modal, as Slack sends it."""
    selected = {"value": topic} if topic else None
    values = {
        "topic": {"topic": {"type": "static_select", "selected_option": selected}},
        "question": {"question": {"type": "plain_text_input", "value": question}},
    }
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": "rolebot_answer_view",
        "private_metadata": metadata,
        "state": {"values": values},
    }
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "token": "legacy",
        "view": view,
    }


def test_modal_topic_pick(served: Served) -> None:
    from rolebot_slack.app import answer_modal

    view = answer_modal(served_bot(), "C4", "400.1", "")
    submission = view_submission(view["private_metadata"], "verdict", None)
    assert served.interact(submission) == 200
    post = served.mock.wait("/api/chat.postMessage")[0].body
    assert post["channel"] == "C4" and post["text"].startswith("Final verdict")


def served_bot():  # type: ignore[no-untyped-def]
    from rolebot.bot import Bot

    return Bot()


def test_tokens_and_secrets_are_never_logged(served: Served, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    caplog.set_level(logging.DEBUG)
    served.command("/salary", "senior ml")
    served.interact(block_action(served, "rolebot_share", "salary senior ml", True))
    event = {"type": "app_mention", "user": "U1", "text": "<@UBOT> cv", "ts": "500.1", "channel": "C1"}
    served.event(event, "Ev9")
    served.mock.wait("/api/chat.postMessage")
    served.mock.wait("/response/act", 2)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged  # debug logging really ran
    assert "xoxb-test-token" not in logged and "test-signing-secret" not in logged


def test_a_very_long_answer_continues_through_response_url(bot, slack_api) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from rolebot.bot import Bot
    from rolebot.content.models import Band, Level
    from rolebot_slack.server import create_asgi
    from tests.slack.conftest import SECRET, TOKEN, start_uvicorn

    pack = bot.context().pack
    levels = tuple(Level(f"l{i}", f"Level {i}") for i in range(60))
    bands = tuple(Band(lv.id, r.id, i, i + 1) for i, lv in enumerate(levels) for r in pack.roles)
    big = replace(pack, levels=levels, salary=replace(pack.salary, bands=bands))
    app = create_asgi(
        Bot({big.id: big}), token=TOKEN, signing_secret=SECRET, api_url=slack_api.base + "/api/"
    )
    server, port, thread = start_uvicorn(app)
    try:
        served = Served(port, slack_api)
        status, body = served.command("/more", "salary")  # the whole table, not the short answer
        assert status == 200 and 40 < len(body["blocks"]) <= 50
        valid(body)
        more = slack_api.wait("/response/cmd")
        assert more, "the rest of the answer was not posted"
        rest = more[0].body
        assert rest["response_type"] == "ephemeral" and rest["replace_original"] is False
        assert rest["text"].endswith("(continued)")
        valid(rest)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_a_direct_message_is_answered_in_the_dm(served: Served) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U1",
        "text": "which pays more?",
        "ts": "300.1",
        "channel": "D1",
    }
    assert served.event(event, "EvDM") == 200
    own = {**event, "bot_id": "BBOT", "user": "UBOT", "ts": "300.2"}  # the bot's own post: nothing
    assert served.event(own, "EvDM2") == 200
    edited = {**event, "subtype": "message_changed", "ts": "300.3"}
    assert served.event(edited, "EvDM3") == 200
    served.mock.wait("/api/chat.postMessage")
    time.sleep(0.3)
    posts = [c for c in served.mock.calls if c.path == "/api/chat.postMessage"]
    assert len(posts) == 1 and posts[0].body["channel"] == "D1" and "Which pays more" in posts[0].body["text"]


def test_a_member_posting_too_fast_is_told_privately(served: Served) -> None:
    for n in range(6):  # five public replies a minute per member by default
        event = {
            "type": "app_mention",
            "user": "U7",
            "text": "<@UBOT> which pays more?",
            "ts": f"40{n}.1",
            "channel": "C1",
        }
        assert served.event(event, f"EvF{n}") == 200
    served.mock.wait("/api/chat.postEphemeral")
    time.sleep(0.3)
    posts = [c for c in served.mock.calls if c.path == "/api/chat.postMessage"]
    notes = [c for c in served.mock.calls if c.path == "/api/chat.postEphemeral"]
    assert len(posts) == 5 and len(notes) == 1
    assert notes[0].body["user"] == "U7" and "Slow down" in notes[0].body["text"]


def test_the_home_tab_shows_the_topics_and_its_buttons_answer_in_a_dm(served: Served) -> None:
    assert (
        served.event({"type": "app_home_opened", "user": "U1", "channel": "D0", "tab": "home"}, "EvHome")
        == 200
    )
    published = served.mock.wait("/api/views.publish")
    assert published and published[0].body["user_id"] == "U1"
    view = (
        json.loads(published[0].body["view"])
        if isinstance(published[0].body["view"], str)
        else published[0].body["view"]
    )
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert check_message({"blocks": view["blocks"], "text": "home"}) == []
    text = json.dumps(view, ensure_ascii=False)
    assert "/salary" in text and "JobLabs" in text  # what it answers, and the source
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and all(e["action_id"].startswith("rolebot_home:") for e in buttons)
    payload = block_action(served, buttons[0]["action_id"], buttons[0]["value"], ephemeral=False)
    payload["container"] = {"type": "view", "view_id": "V1"}
    del payload["response_url"], payload["channel"]
    assert served.interact(payload) == 200
    opened = served.mock.wait("/api/conversations.open")
    assert opened and opened[0].body["users"] == "U1"
    posted = served.mock.wait("/api/chat.postMessage")
    assert posted and posted[0].body["channel"] == "DU1"


def test_the_assistant_panel_greets_with_prompts_and_answers_in_its_thread(served: Served) -> None:
    started = {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": "U1", "channel_id": "D9", "thread_ts": "900.1", "context": {}},
        "event_ts": "900.2",
    }
    assert served.event(started, "EvA1") == 200
    prompts = served.mock.wait("/api/assistant.threads.setSuggestedPrompts")
    assert prompts and prompts[0].body["thread_ts"] == "900.1"
    listed = prompts[0].body["prompts"]
    listed = json.loads(listed) if isinstance(listed, str) else listed
    assert 1 <= len(listed) <= 4 and all(p["message"] for p in listed)
    question = {
        "type": "message",
        "channel_type": "im",
        "user": "U1",
        "text": "which pays more?",
        "ts": "900.3",
        "thread_ts": "900.1",
        "channel": "D9",
    }
    assert served.event(question, "EvA2") == 200
    assert served.mock.wait("/api/assistant.threads.setTitle")[0].body["title"] == "which pays more?"
    assert served.mock.wait("/api/assistant.threads.setStatus")
    end = time.monotonic() + 5
    answers: list = []  # type: ignore[type-arg]
    while time.monotonic() < end and not answers:
        answers = [
            c
            for c in served.mock.calls
            if c.path == "/api/chat.postMessage" and "Which pays more" in str(c.body.get("text", ""))
        ]
        time.sleep(0.05)
    assert answers and answers[0].body["thread_ts"] == "900.1" and answers[0].body["channel"] == "D9"


def test_the_manifest_offers_the_assistant_behind_an_option() -> None:
    from rolebot_slack.manifest import manifest

    plain = manifest()
    assert "assistant_view" not in plain["features"]
    with_panel = manifest(assistant=True)
    assert (
        "assistant_view" in with_panel["features"]
        and "assistant:write" in with_panel["oauth_config"]["scopes"]["bot"]
    )
    assert "assistant_thread_started" in with_panel["settings"]["event_subscriptions"]["bot_events"]


def test_without_a_public_url_the_chart_is_uploaded_beside_a_public_answer(served: Served) -> None:
    event = {
        "type": "app_mention",
        "user": "U5",
        "text": "<@UBOT> salary bands for every level",
        "ts": "950.1",
        "channel": "C1",
    }
    assert served.event(event, "EvChart") == 200
    assert served.mock.wait("/api/files.completeUploadExternal", timeout=10)
    assert served.mock.uploads and served.mock.uploads[0][:8] == b"\x89PNG\r\n\x1a\n"
    posted = [c for c in served.mock.calls if c.path == "/api/chat.postMessage"]
    assert posted and "_rolebot_chart" not in posted[0].body  # the marker never reaches Slack
    done = served.mock.wait("/api/files.completeUploadExternal")[0].body
    assert done.get("channel_id") == "C1" and done.get("thread_ts") == "950.1"
