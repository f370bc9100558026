"""A `Reply` as Discord interaction-response messages: embeds, buttons, no mentions allowed.

Pure functions, no discord.py import. Every message is kept within Discord's limits; long
answers become several embeds, then several messages (sent as follow-ups).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rolebot.markup import plain, translate
from rolebot.render.lengths import chunks, list_lines, shorten
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table

log = logging.getLogger("rolebot.discord")
MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_EMBEDS = 10
MAX_ROWS = 5
MAX_BUTTONS = 5
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
EPHEMERAL = 1 << 6
RUN, SHARE = "rb:r:", "rb:s:"
NO_MENTIONS: dict[str, Any] = {"parse": []}
DEFAULT_COLOUR = 0x5865F2

_MD = re.compile(r"([\\*_`~|\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>-])", re.MULTILINE)
Message = dict[str, Any]


def escape(text: str) -> str:
    """Discord markdown and mention syntax made literal."""
    text = _LINE_START.sub(r"\1\\\2", _MD.sub(r"\\\1", text))
    return text.replace("@", "@\u200b").replace("<", "<\u200b")


def to_markdown(text: str) -> str:
    return translate(text, escape)


def colour(reply: Reply) -> int:
    hexcode = reply.colours.get(reply.accent or "", "")
    try:
        return int(hexcode.lstrip("#"), 16)
    except ValueError:
        return DEFAULT_COLOUR


def embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))


def _parts(reply: Reply) -> tuple[list[str], list[dict[str, Any]]]:
    """Description lines and fields, in reading order."""
    lines: list[str] = []
    fields: list[dict[str, Any]] = []
    if reply.summary:
        lines.append(to_markdown(reply.summary))
    for section in reply.sections:
        if lines:
            lines.append("")
        if section.heading:
            lines.append(f"**{to_markdown(section.heading)}**")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(to_markdown(block.text))
            elif isinstance(block, Bullets):
                lines += list_lines(block, to_markdown)
            elif isinstance(block, Fields):
                fields += [
                    {
                        "name": shorten(plain(f.name), MAX_FIELD_NAME),
                        "value": shorten(to_markdown(f.value), MAX_FIELD_VALUE),
                        "inline": True,
                    }
                    for f in block.items
                ]
            elif isinstance(block, Table):
                for row in block.rows:
                    for col, cell in zip(block.columns[1:], row[1:], strict=True):
                        fields.append(
                            {
                                "name": shorten(plain(f"{row[0]} · {col}"), MAX_FIELD_NAME),
                                "value": shorten(to_markdown(cell), MAX_FIELD_VALUE) or "-",
                                "inline": True,
                            }
                        )
    return lines, fields


def embeds_for(reply: Reply) -> list[dict[str, Any]]:
    lines, fields = _parts(reply)
    base = {"color": colour(reply)}
    footer = {"text": shorten(reply.source, MAX_FOOTER)} if reply.source else None
    embeds: list[dict[str, Any]] = []
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    for n, piece in enumerate(chunks(text, MAX_DESCRIPTION) or [""]):
        embed: dict[str, Any] = dict(base)
        if n == 0:
            embed["title"] = shorten(plain(reply.title), MAX_TITLE)
        if piece:
            embed["description"] = piece
        embeds.append(embed)
    budget = MAX_EMBED_TOTAL - MAX_TITLE - MAX_FOOTER  # room left for title and footer anywhere
    for f in fields:  # fill embeds with fields up to 25 each and the size budget
        target = embeds[-1]
        used = target.get("fields", [])
        if len(used) >= MAX_FIELDS or embed_size(target) + len(f["name"]) + len(f["value"]) > budget:
            target = dict(base)
            embeds.append(target)
        target.setdefault("fields", []).append(f)
    if footer:
        embeds[-1]["footer"] = footer
    return embeds


def components_for(reply: Reply, *, share: bool) -> list[dict[str, Any]]:
    buttons = []
    for action in reply.actions:
        custom_id = RUN + action.value  # within the limit: see rolebot.followups
        if len(custom_id) > MAX_CUSTOM_ID:  # a command too long to carry: a bug, said out loud
            log.error("discord: follow-up over %d characters left out: %s", MAX_CUSTOM_ID, custom_id[:120])
        else:
            buttons.append(
                {
                    "type": 2,
                    "style": 2,
                    "label": shorten(plain(action.label), MAX_LABEL),
                    "custom_id": custom_id,
                }
            )
    if share and reply.value and len(SHARE + reply.value) <= MAX_CUSTOM_ID:
        buttons.append({"type": 2, "style": 1, "label": "Share", "custom_id": SHARE + reply.value})
    unique: list[dict[str, Any]] = []
    for b in buttons:  # custom ids must be unique within a message
        if all(b["custom_id"] != u["custom_id"] for u in unique):
            unique.append(b)
    rows = [unique[i : i + MAX_BUTTONS] for i in range(0, len(unique), MAX_BUTTONS)][:MAX_ROWS]
    return [{"type": 1, "components": row} for row in rows]


def render_messages(
    reply: Reply,
    *,
    ephemeral: bool = True,
    share: bool = True,
    shared_by: str | None = None,
    charts: str = "",
) -> list[Message]:
    """The reply as one or more message payloads; buttons go on the last one. With `charts`
    (`attachment://` or a public base URL), a reply's chart is the first embed's image."""
    embeds = embeds_for(reply)
    if charts and reply.chart is not None and embeds:
        where = charts if charts.startswith("attachment://") else f"{charts.rstrip('/')}/charts/"
        embeds[0]["image"] = {"url": where + reply.chart.name}
    messages: list[Message] = []
    batch: list[dict[str, Any]] = []
    for embed in embeds:
        if batch and (
            len(batch) == MAX_EMBEDS or sum(map(embed_size, batch)) + embed_size(embed) > MAX_EMBED_TOTAL
        ):
            messages.append({"embeds": batch})
            batch = []
        batch.append(embed)
    messages.append({"embeds": batch})
    for m in messages:
        m["content"] = ""
        m["allowed_mentions"] = NO_MENTIONS
        m["flags"] = EPHEMERAL if ephemeral else 0
    if shared_by:
        messages[0]["content"] = f"Shared by <@{shared_by}>"
    messages[-1]["components"] = components_for(reply, share=share and shared_by is None)
    return messages


def render_discord(reply: Reply) -> Message:
    """The interaction-response message JSON for a slash command (first message, ephemeral)."""
    return render_messages(reply)[0]


def check_message(message: Message) -> list[str]:
    """Problems with a message against Discord's limits."""
    problems = []
    if len(message.get("content") or "") > MAX_CONTENT:
        problems.append("content over 2000")
    embeds = message.get("embeds", [])
    if len(embeds) > MAX_EMBEDS:
        problems.append("over 10 embeds")
    if sum(map(embed_size, embeds)) > MAX_EMBED_TOTAL:
        problems.append("embeds over 6000 characters in total")
    for i, e in enumerate(embeds):
        if len(e.get("title", "")) > MAX_TITLE or len(e.get("description", "")) > MAX_DESCRIPTION:
            problems.append(f"embed {i}: title or description too long")
        if len(e.get("footer", {}).get("text", "")) > MAX_FOOTER:
            problems.append(f"embed {i}: footer too long")
        fields = e.get("fields", [])
        if len(fields) > MAX_FIELDS:
            problems.append(f"embed {i}: over 25 fields")
        for f in fields:
            if (
                not f["name"]
                or not f["value"]
                or len(f["name"]) > MAX_FIELD_NAME
                or len(f["value"]) > MAX_FIELD_VALUE
            ):
                problems.append(f"embed {i}: field {f['name'][:20]!r} empty or too long")
    rows = message.get("components", [])
    if len(rows) > MAX_ROWS:
        problems.append("over 5 action rows")
    ids = []
    for row in rows:
        if len(row["components"]) > MAX_BUTTONS:
            problems.append("over 5 buttons in a row")
        for b in row["components"]:
            ids.append(b["custom_id"])
            if not 1 <= len(b["custom_id"]) <= MAX_CUSTOM_ID or len(b["label"]) > MAX_LABEL:
                problems.append(f"button {b['custom_id'][:20]!r}: custom_id or label length")
    if len(ids) != len(set(ids)):
        problems.append("duplicate custom_id")
    if message.get("allowed_mentions") != NO_MENTIONS:
        problems.append("mentions are not disabled")
    return problems
