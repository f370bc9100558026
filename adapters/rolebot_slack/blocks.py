"""A `Reply` as Slack messages (Block Kit), within Slack's limits.

Pure functions: no SDK import. Long text is split at line or word boundaries, never cut
mid-word; a reply that needs more than 50 blocks becomes several messages.
"""

from __future__ import annotations

from typing import Any

from rolebot.markup import plain
from rolebot.render.lengths import chunks, list_lines, shorten
from rolebot.render.text import render_text
from rolebot.reply import Bullets, Fields, Paragraph, Reply, Table
from rolebot_slack.mrkdwn import escape, to_mrkdwn

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_VALUE = 2000
MAX_FALLBACK = 600  # notification text: the gist, not the whole answer
RUN_ACTION = "rolebot_run"
SHARE_ACTION = "rolebot_share"

Block = dict[str, Any]


def mrkdwn(text: str) -> Block:
    """A mrkdwn text object. `verbatim` stops Slack from turning bare URLs, channel names and
    @words into links or mentions; our own links are written out as `<url|label>` and still work."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> list[Block]:
    return [{"type": "section", "text": mrkdwn(c)} for c in chunks(text, MAX_SECTION)]


def _fields(pairs: list[tuple[str, str]], label: str | None = None) -> list[Block]:
    blocks: list[Block] = []
    for i in range(0, len(pairs), MAX_FIELDS):
        fields = [
            mrkdwn(shorten(f"*{to_mrkdwn(n)}*\n{to_mrkdwn(v)}", MAX_FIELD))
            for n, v in pairs[i : i + MAX_FIELDS]
        ]
        block: Block = {"type": "section", "fields": fields}
        if label and i == 0:
            block["text"] = mrkdwn(shorten(f"*{to_mrkdwn(label)}*", MAX_SECTION))
        blocks.append(block)
    return blocks


def content_blocks(reply: Reply) -> list[Block]:
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": shorten(plain(reply.title), MAX_HEADER), "emoji": False},
        }
    ]
    if reply.summary:
        blocks += _section(to_mrkdwn(reply.summary))
    for section in reply.sections:
        lines: list[str] = [f"*{to_mrkdwn(section.heading)}*"] if section.heading else []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(to_mrkdwn(block.text))
            elif isinstance(block, Bullets):
                lines += list_lines(block, to_mrkdwn)
            else:  # fields and tables become section fields; text gathered so far goes first
                blocks += _section("\n".join(lines)) if lines else []
                lines = []
                if isinstance(block, Fields):
                    blocks += _fields([(f.name, f.value) for f in block.items])
                elif isinstance(block, Table):
                    for row in block.rows:
                        blocks += _fields(list(zip(block.columns[1:], row[1:], strict=True)), row[0])
        blocks += _section("\n".join(lines)) if lines else []
    return blocks


def action_blocks(reply: Reply, *, share: bool) -> list[Block]:
    buttons: list[Block] = []
    for i, action in enumerate(reply.actions):
        buttons.append(
            {
                "type": "button",
                "action_id": f"{RUN_ACTION}:{i}",
                "text": {"type": "plain_text", "text": shorten(plain(action.label), MAX_BUTTON)},
                "value": action.value[:MAX_VALUE],
            }
        )
    if share and reply.command:
        buttons.append(
            {
                "type": "button",
                "action_id": SHARE_ACTION,
                "style": "primary",
                "text": {"type": "plain_text", "text": "Share in channel"},
                "value": reply.value[:MAX_VALUE],
            }
        )
    return [{"type": "actions", "block_id": "rolebot_actions", "elements": buttons}] if buttons else []


def fallback_text(reply: Reply) -> str:
    """The `text` Slack shows in notifications and where blocks cannot render. Slack reads it
    as mrkdwn, so its control characters are escaped: echoed `<url|label>` or `<!channel>`
    stays text."""
    text = render_text(reply)
    if len(text) > MAX_FALLBACK:
        head = text[:MAX_FALLBACK].rsplit("\n", 1)[0]
        text = head if len(head) > MAX_FALLBACK // 3 else shorten(text, MAX_FALLBACK)
    return escape(text)


def render_messages(
    reply: Reply, *, share: bool = True, shared_by: str | None = None, charts: str = ""
) -> list[dict[str, Any]]:
    """The reply as one or more Slack message bodies (`text` fallback plus `blocks`). With
    `charts` (the public base URL of `rolebot serve`'s pictures), a reply's chart comes as an
    image block."""
    body = content_blocks(reply)
    if charts and reply.chart is not None:
        body.append(
            {
                "type": "image",
                "image_url": f"{charts.rstrip('/')}/charts/{reply.chart.name}",
                "alt_text": shorten(reply.chart.alt or plain(reply.title), 2000),
            }
        )
    tail: list[Block] = []
    context = []
    if reply.source:
        context.append(mrkdwn(shorten(to_mrkdwn(reply.source), MAX_SECTION)))
    if shared_by:
        context.append({"type": "mrkdwn", "text": f"Shared by <@{escape(shared_by)}>"})
    if context:
        tail.append({"type": "context", "elements": context})
    tail += action_blocks(reply, share=share and shared_by is None)
    room = MAX_BLOCKS - len(tail)
    pages = [body[i : i + room] for i in range(0, len(body), room)] or [[]]
    fallback = fallback_text(reply)
    messages: list[dict[str, Any]] = [
        {
            "text": fallback if n == 0 else escape(shorten(plain(reply.title), MAX_HEADER)) + " (continued)",
            "blocks": page,
        }
        for n, page in enumerate(pages)
    ]
    messages[-1]["blocks"] = messages[-1]["blocks"] + tail
    return messages


def render_slack(reply: Reply) -> dict[str, Any]:
    """The JSON body the app answers a slash command with (first message, ephemeral)."""
    return {"response_type": "ephemeral", **render_messages(reply)[0]}


def check_message(message: dict[str, Any]) -> list[str]:
    """Problems with a message body against Slack's limits (the SDK checks only some)."""
    problems = []
    blocks = message.get("blocks", [])
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks (max {MAX_BLOCKS})")
    if not message.get("text"):
        problems.append("no fallback text")
    for i, b in enumerate(blocks):
        kind = b["type"]
        if kind == "header" and len(b["text"]["text"]) > MAX_HEADER:
            problems.append(f"block {i}: header over {MAX_HEADER}")
        if kind == "section":
            if "text" in b and len(b["text"]["text"]) > MAX_SECTION:
                problems.append(f"block {i}: section text over {MAX_SECTION}")
            fields = b.get("fields", [])
            if len(fields) > MAX_FIELDS or any(len(f["text"]) > MAX_FIELD for f in fields):
                problems.append(f"block {i}: fields over {MAX_FIELDS} or {MAX_FIELD} characters")
            if "text" not in b and not fields:
                problems.append(f"block {i}: empty section")
        if kind == "actions":
            for e in b["elements"]:
                if len(e["text"]["text"]) > MAX_BUTTON or len(e.get("value", "")) > MAX_VALUE:
                    problems.append(f"block {i}: button label or value too long")
            ids = [e["action_id"] for e in b["elements"]]
            if len(ids) != len(set(ids)) or len(ids) > 25:
                problems.append(f"block {i}: duplicate action ids or over 25 elements")
        if kind == "context" and len(b["elements"]) > 10:
            problems.append(f"block {i}: context over 10 elements")
    return problems


HOME_ACTION = "rolebot_home"


def home_view(reply: Reply) -> dict[str, Any]:
    """The App Home tab: the reply's blocks in a `home` view (at most 100 blocks), its buttons
    answering in a DM with whoever clicks (their action ids say so)."""
    blocks: list[Block] = []
    for message in render_messages(reply, share=False):
        blocks += message["blocks"]
    for block in blocks:
        if block.get("type") == "actions":
            for n, element in enumerate(block.get("elements", [])):
                element["action_id"] = f"{HOME_ACTION}:{n}"
    return {"type": "home", "blocks": blocks[:100]}
