"""The salary chart: each level's band as a horizontal range bar, the two titles side by side,
labelled with the figures exactly as the content gives them and credited to the source. As a
PNG (Pillow, imported only when a chart is drawn: it is small, has no other dependency, and
draws bars and text well) or as text bars for formats that paste.

A chart is a pure function of the pack and the arguments: cached by content version and
arguments in this process, and named by a hash of both where a platform fetches it by URL."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are loaded with the content, not with every reply
    from rolebot.content.models import Pack

WIDTH, ROW, TOP, LEFT, RIGHT = 880, 34, 64, 150, 40
# a white card with dark text and mid-tone bars: the same picture reads on light and dark themes
PAPER, INK, FAINT = (255, 255, 255), (31, 41, 55), (107, 114, 128)
FALLBACK_COLOURS = ("#2563eb", "#db2777")


@dataclass(frozen=True)
class Chart:
    """What a chart shows: some levels (or all) for some roles (or both), of one pack."""

    pack: str
    version: str
    levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    bars: tuple[str, ...] = ()  # the same picture as text bars, for formats that paste
    alt: str = ""  # what the picture shows, in words

    @property
    def name(self) -> str:
        """A name that changes whenever the picture would: content version and arguments."""
        key = "|".join([self.pack, self.version, ",".join(self.levels), ",".join(self.roles)])
        return hashlib.sha256(key.encode()).hexdigest()[:24] + ".png"


def _rows(pack: Pack, chart: Chart) -> list[tuple[str, str, int, int, str]]:
    """(level name, role id, low, high, label) for each bar, in level order."""
    levels = [lv for lv in pack.levels if not chart.levels or lv.id in chart.levels]
    roles = [r for r in pack.roles if not chart.roles or r.id in chart.roles]
    out = []
    for lv in levels:
        for role in roles:
            band = next((b for b in pack.salary.bands if b.level == lv.id and b.role == role.id), None)
            if band is not None:
                sym, unit = pack.salary.currency_symbol, pack.salary.unit
                out.append((lv.name, role.id, band.low, band.high, f"{sym}{band.low}-{band.high}{unit}"))
    return out


def for_pack(pack: Pack, levels: list[str], roles: list[str]) -> Chart:
    """The chart of some levels and roles of a pack, with its text bars and its alt text."""
    chart = Chart(pack.id, pack.version, tuple(levels), tuple(roles))
    shown = ", ".join(f"{lv} {r}: {label}" for lv, r, _, _, label in _rows(pack, chart))
    s = pack.salary
    return Chart(
        pack.id,
        pack.version,
        tuple(levels),
        tuple(roles),
        bars=tuple(text_chart(pack, chart, labelled=False)),
        alt=f"{s.title} ({s.region} {s.year}): {shown}"[:1900],
    )


def text_chart(pack: Pack, chart: Chart, width: int = 28, labelled: bool = True) -> list[str]:
    """The chart as text bars, one line per band: it pastes well. Without `labelled`, the
    figures are left to the table beside it (a reply says each figure once)."""
    rows = _rows(pack, chart)
    if not rows:
        return []
    top = max(max(high for *_, high, _ in rows), 1)
    names = {r.id: r.short or r.name for r in pack.roles}
    lines = []
    for level, role, low, high, label in rows:
        start, end = round(low / top * width), max(round(high / top * width), round(low / top * width) + 1)
        bar = " " * start + "█" * (end - start)
        lines.append(
            f"{level[:15]:15} {names[role][:3]:3} {bar:{width}}" + (f" {label}" if labelled else "").rstrip()
        )
    return lines


def _rgb(colour: str, fallback: str) -> tuple[int, int, int]:
    value = (colour or fallback).lstrip("#")
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except (ValueError, IndexError):
        return _rgb(fallback, "#6b7280")


# fonts that carry every glyph the figures use (the "£" among them), in order of preference;
# Pillow's own default font is the last resort
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans{bold}.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-{Bold}.ttf",
    "/usr/share/fonts/TTF/DejaVuSans{bold}.ttf",
    "/Library/Fonts/Arial{ bold}.ttf",
)


def _font(size: int, bold: bool = False):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for pattern in FONTS:
        path = pattern.format(
            bold="-Bold" if bold else "",
            Bold="Bold" if bold else "Regular",
            **{" bold": " Bold" if bold else ""},
        )
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


_drawn: dict[str, bytes] = {}  # by chart name: content version and arguments


def png(pack: Pack, chart: Chart) -> bytes:
    """The chart as a PNG, at most a few tens of kilobytes; drawn once per version and arguments."""
    found = _drawn.get(chart.name)
    if found is None:
        if len(_drawn) >= 64:
            _drawn.clear()
        found = _drawn[chart.name] = _png(pack, chart)
    return found


def _png(pack: Pack, chart: Chart) -> bytes:
    from PIL import Image, ImageDraw

    rows = _rows(pack, chart)
    height = TOP + ROW * max(len(rows), 1) + 70
    image = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)
    font, small, bold = _font(15), _font(12), _font(18, bold=True)
    s = pack.salary
    draw.text((LEFT - 130, 18), f"{s.title} ({s.region} {s.year})", fill=INK, font=bold)
    roles = {r.id: r for r in pack.roles}
    x: float = WIDTH - RIGHT
    for n, shown in enumerate(reversed([r for r in pack.roles if not chart.roles or r.id in chart.roles])):
        colour = _rgb(shown.colour, FALLBACK_COLOURS[n % 2])
        label = shown.name
        w = draw.textlength(label, font=small)
        x -= w + 26
        draw.rectangle((x, 24, x + 14, 36), fill=colour)
        draw.text((x + 18, 22), label, fill=INK, font=small)
    top = max(max((high for *_, high, _ in rows), default=1), 1)
    span = WIDTH - LEFT - RIGHT - 110
    previous = ""
    for i, (level, role, low, high, label) in enumerate(rows):
        y = TOP + i * ROW
        index = [r.id for r in pack.roles].index(role)
        colour = _rgb(roles[role].colour, FALLBACK_COLOURS[index % 2])
        if level != previous:  # a level's name once, beside its first bar
            draw.text((LEFT - 140, y + 6), level, fill=INK, font=font)
            previous = level
        x0, x1 = LEFT + low / top * span, LEFT + high / top * span
        draw.rounded_rectangle((x0, y + 6, max(x1, x0 + 4), y + 24), radius=5, fill=colour)
        draw.text((max(x1, x0 + 4) + 8, y + 6), label, fill=INK, font=font)
    credit = f"{pack.source.title}, {pack.source.author}, {pack.source.publisher} ({pack.source.year})"
    draw.text((LEFT - 130, height - 40), "Source: " + credit, fill=FAINT, font=small)
    out = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(out, "PNG", optimize=True)
    return out.getvalue()
