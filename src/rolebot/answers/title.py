"""title TEXT: which title described work carries, by the article's one-line difference."""

from __future__ import annotations

from rolebot.answers import answer
from rolebot.followups import MAX_REF, TAG_SIZE
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Bullets, Paragraph, Reply, Section, Status

# the longest text a follow-up repeats: "more title TEXT" with another pack's tag still fits
MAX_TEXT = MAX_REF - (1 + TAG_SIZE) - len("more title ")


def title(ctx: PackContext, inv: Invocation) -> Reply:
    verdict, found = ctx.ask.classify(inv.text)
    pack = ctx.pack
    if not verdict:
        return answer(
            ctx,
            "title",
            "Describe the work and I'll name the title",
            summary="I couldn't find any work in that to go on. Paste a job description or list the tasks.",
            sections=(Section("The line between them", (Paragraph(pack.overview.headline),)),),
            actions=(Action("Compare the roles", "compare"), Action("A typical week", "day")),
            status=Status.NOT_UNDERSTOOD,
        )
    signals = tuple(
        f"{ctx.role_name(role)}: " + ", ".join(_as_written(inv.text, m) for m in markers[:6])
        for role, markers in found.items()
        if markers
    )
    if verdict == "mixed":
        names = " and ".join(ctx.role_name(r.id) for r in pack.roles)
        lead = f"This is **mixed** work: it has clear parts of both {names}."
        why = pack.overview.headline  # the line between them, as the content draws it
        actions = tuple(Action(f"{ctx.role_name(r.id)}: the role", f"role {r.id}") for r in pack.roles)
        label, accent = "title mixed", None
    else:
        name = ctx.role_name(verdict)
        lead = f"This reads as **{name}** work. {pack.profiles[verdict].summary}"
        why = pack.overview.headline
        other = next(r.id for r in pack.roles if r.id != verdict)
        actions = (
            Action(f"A week as {name}", f"day {verdict}"),
            Action(f"{name} salary", f"salary {verdict}"),
            Action(f"What {ctx.role_name(other)} owns", f"role {other}"),
        )
        label, accent = f"title {verdict}", verdict
    # the command repeats the text (so Share can post it) only while it fits in a button
    command = f"title {inv.text}" if len(inv.text) <= MAX_TEXT else None
    return answer(
        ctx,
        command,
        "Which title fits this work",
        summary=lead,
        sections=(Section("Signals I matched", (Bullets(signals),)), Section(None, (Paragraph(why),))),
        actions=actions,
        accent=accent,
        answers=(label,),
    )


def _as_written(text: str, marker: str) -> str:
    """A marker as the asker wrote it ("vLLM", not "vllm")."""
    import re

    m = re.search(re.escape(marker), text, re.IGNORECASE)
    return m.group() if m else marker
