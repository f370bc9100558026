"""The Slack app manifest, generated from the command registry."""

from __future__ import annotations

from typing import Any

from rolebot.commands import REGISTRY
from rolebot.registry import Registry

SHORTCUT_ID = "rolebot_answer"
EVENTS_PATH = "/slack/events"
BOT_SCOPES = [
    "commands",
    "chat:write",
    "chat:write.public",
    "app_mentions:read",
    "im:history",
    "im:write",
    "files:write",
]
COMMAND_SETS = ("umbrella", "all")


def redirect_url(url: str) -> str:
    """Where Slack sends an installing admin back to (bolt's OAuth redirect endpoint)."""
    base = url.rstrip("/")
    if base.endswith(EVENTS_PATH):
        base = base[: -len(EVENTS_PATH)]
    return base + "/slack/oauth_redirect"


def events_url(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith(EVENTS_PATH) else url + EVENTS_PATH


def manifest(
    url: str | None = None,
    *,
    registry: Registry = REGISTRY,
    name: str = "rolebot",
    description: str = "Answers career questions on AI Engineer vs ML Engineer roles.",
    commands_: str = "umbrella",
    prefix: str = "",
    many: bool = False,
    assistant: bool = False,
) -> dict[str, Any]:
    """A manifest to paste into api.slack.com/apps. Socket Mode when `url` is None.

    Slash commands are global to a workspace, so by default only the umbrella `/rolebot` is
    registered (`/rolebot salary senior ml`); `commands_="all"` adds one per command, named with
    `prefix` (`/rb-salary`) so they cannot collide with another app's `/help`."""
    if many and not url:
        raise ValueError("many workspaces need the public URL (--url): Slack redirects installs there")
    if commands_ not in COMMAND_SETS:
        raise ValueError(f"commands must be one of {', '.join(COMMAND_SETS)}")
    endpoint = events_url(url) if url else None
    commands = [
        {
            "command": f"/{registry.umbrella}",
            "description": "Any rolebot command or question",
            "usage_hint": "[command] or a question",
            "should_escape": False,
        }
    ]
    for cmd in registry if commands_ == "all" else ():
        entry: dict[str, Any] = {
            "command": f"/{prefix}{cmd.name}",
            "description": cmd.summary,
            "should_escape": False,
        }
        if cmd.usage_hint:
            entry["usage_hint"] = cmd.usage_hint
        commands.append(entry)
    if endpoint:
        for entry in commands:
            entry["url"] = endpoint
    events: dict[str, Any] = {"bot_events": ["app_mention", "message.im", "app_home_opened"]}
    scopes = list(BOT_SCOPES)
    features: dict[str, Any] = {}
    if assistant:  # the side panel: a paid Slack plan
        events["bot_events"] += ["assistant_thread_started", "assistant_thread_context_changed"]
        scopes.append("assistant:write")
        features["assistant_view"] = {"assistant_description": description[:140], "suggested_prompts": []}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if endpoint:
        events["request_url"] = endpoint
        interactivity["request_url"] = endpoint
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": description[:140],
            "background_color": "#1f2937",
        },
        "features": {
            "bot_user": {"display_name": name, "always_online": True},
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "slash_commands": commands,
            **features,
            "shortcuts": [
                {
                    "name": "Answer with rolebot",
                    "type": "message",
                    "callback_id": SHORTCUT_ID,
                    "description": "Post a rolebot answer in this message's thread",
                }
            ],
        },
        "oauth_config": {
            "scopes": {"bot": scopes},
            **({"redirect_urls": [redirect_url(url)]} if many and url else {}),
        },
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": endpoint is None,
            "token_rotation_enabled": False,
        },
    }


def check(data: dict[str, Any]) -> list[str]:
    """Problems with a manifest against the manifest schema's limits."""
    problems = []
    cmds = data["features"]["slash_commands"]
    if not 1 <= len(cmds) <= 50:
        problems.append(f"{len(cmds)} slash commands (1-50 allowed)")
    seen = set()
    for c in cmds:
        if not (c["command"].startswith("/") and 2 <= len(c["command"]) <= 32):
            problems.append(f"bad command name {c['command']!r}")
        if c["command"] in seen:
            problems.append(f"duplicate command {c['command']}")
        seen.add(c["command"])
        if not 1 <= len(c["description"]) <= 2000:
            problems.append(f"{c['command']}: description length")
        if "usage_hint" in c and not 1 <= len(c["usage_hint"]) <= 1000:
            problems.append(f"{c['command']}: usage hint length")
    return problems
