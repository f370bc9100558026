"""The salary chart: a real PNG (decoded here), small, labelled with the content's figures and
credited, changing with the content; text bars where text is pasted; the CLI writes one; the
server serves it by name; Slack and Discord carry it; the core starts without the image library."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from rolebot.bot import Bot
from rolebot.render import render
from rolebot.settings import Settings
from tests.conftest import run_cli


def test_the_chart_is_a_small_png_that_changes_with_the_content(pack_copy: Path) -> None:
    bot = Bot(content=pack_copy.parent, settings=Settings(content=pack_copy.parent))
    reply = bot.answer("/salary")
    assert reply.chart is not None and reply.chart.alt.count("£") >= 8
    data = bot.chart_png(reply.chart.name)
    assert data is not None and len(data) < 100_000
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size[0] == 880 and image.size[1] > 300
    salary = pack_copy / "salary.toml"
    salary.write_text(salary.read_text().replace("low = 120, high = 165", "low = 121, high = 165"))
    changed = Bot(settings=Settings(content=pack_copy.parent))
    again = changed.answer("/salary")
    assert again.chart is not None and again.chart.name != reply.chart.name
    assert changed.chart_png(again.chart.name) != data
    assert changed.chart_png(reply.chart.name) is None  # the old picture is gone with its content


def test_one_band_has_no_chart_and_text_formats_get_bars(bot: Bot) -> None:
    assert bot.answer("/salary senior ml").chart is None
    pasted = render(bot.answer("/salary senior"), "paste")
    assert "█" in pasted and pasted.count("£120-165k") == 1  # each figure once: the bars carry none


def test_the_cli_writes_the_chart(tmp_path: Path) -> None:
    out = run_cli("chart", "senior", "-o", str(tmp_path / "bands.png"))
    assert out.returncode == 0, out.stderr
    assert Image.open(tmp_path / "bands.png").format == "PNG"


def test_the_core_starts_without_the_image_library() -> None:
    code = "import sys, rolebot.bot; rolebot.bot.Bot().answer('/salary'); print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_server_serves_charts_by_name(bot: Bot) -> None:
    import asyncio

    from rolebot.server import Mount, build_app

    app = build_app(bot, Mount())
    reply = bot.answer("/salary staff")
    assert reply.chart is not None

    def get(path: str) -> tuple[int, dict[bytes, bytes], bytes]:
        sent: list[dict] = []  # type: ignore[type-arg]

        async def receive() -> dict:  # type: ignore[type-arg]
            return {"type": "http.request", "body": b""}

        async def send(message: dict) -> None:  # type: ignore[type-arg]
            sent.append(message)

        asyncio.run(app({"type": "http", "path": path, "method": "GET", "headers": []}, receive, send))
        return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]

    status, headers, body = get("/charts/" + reply.chart.name)
    assert status == 200 and headers[b"content-type"] == b"image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"
    assert get("/charts/nothing.png")[0] == 404


def test_slack_and_discord_carry_the_chart(bot: Bot) -> None:
    from rolebot_discord.payload import check_message as discord_ok
    from rolebot_discord.payload import render_messages as discord_messages
    from rolebot_slack.blocks import check_message as slack_ok
    from rolebot_slack.blocks import render_messages as slack_messages

    reply = bot.answer("/salary")
    assert reply.chart is not None
    slack = slack_messages(reply, charts="https://bot.example.com")[0]
    images = [b for b in slack["blocks"] if b["type"] == "image"]
    assert (
        images[0]["image_url"] == f"https://bot.example.com/charts/{reply.chart.name}"
        and slack_ok(slack) == []
    )
    assert not [b for b in slack_messages(reply)[0]["blocks"] if b["type"] == "image"]  # no public URL: none
    discord = discord_messages(reply, charts="attachment://")[0]
    assert (
        discord["embeds"][0]["image"]["url"] == f"attachment://{reply.chart.name}"
        and discord_ok(discord) == []
    )
    assert json.dumps(discord)  # still a plain payload
