"""compare, role, day, skills, wins."""

from __future__ import annotations

from collections.abc import Callable

from rolebot.answers import answer, roles_or_all
from rolebot.kinds import ROLE
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section, Table


def compare(ctx: PackContext, inv: Invocation) -> Reply:
    pack = ctx.pack
    ids = [r.id for r in pack.roles]
    names = tuple(ctx.role_name(i) for i in ids)
    prof = [pack.profiles[i] for i in ids]
    rows = (
        ("Owns", *(p.owns.capitalize() for p in prof)),
        ("Typical work", *("; ".join(p.signals) for p in prof)),
        ("Background", *(p.background for p in prof)),
        ("Skill stack", *(p.skills.summary for p in prof)),
        ("Value created", *(p.value for p in prof)),
    )
    sections = [
        Section(None, (Paragraph(pack.overview.both),)),
        Section("Side by side", (Table(("", *names), rows),)),
    ]
    if pack.overview.overlap:
        sections.append(Section(None, (Paragraph(pack.overview.overlap),)))
    actions = (
        Action("A typical week", "day"),
        Action("Salary bands", "salary"),
        Action("Which should I take?", "decide"),
    )
    return answer(
        ctx, "compare", pack.title, summary=pack.overview.headline, sections=tuple(sections), actions=actions
    )


def per_role(
    ctx: PackContext,
    inv: Invocation,
    titles: tuple[str, str],
    section: Callable[[str, bool], Section],
    more: list[tuple[str, str]],
) -> Reply:
    """An answer about one role, or about every role side by side when none is named.

    `titles` is (title for one role with `{role}`, title for all); `section(role, side_by_side)`
    builds a role's section; `more` are follow-ups as (label, command)."""
    ids = roles_or_all(ctx, inv.roles)
    one = len(ids) == 1
    title = titles[0].format(role=ctx.role_name(ids[0])) if one else titles[1]
    name = inv.command.name
    actions = [
        Action(label, f"{cmd} {ids[0]}" if one and _takes_role(ctx, cmd) else cmd) for label, cmd in more
    ]
    if one:
        for other in (r.id for r in ctx.pack.roles if r.id != ids[0]):
            actions.insert(0, Action(f"Same for {ctx.role_name(other)}", f"{name} {other}"))
    return answer(
        ctx,
        name + (f" {ids[0]}" if one else ""),
        title,
        sections=tuple(section(rid, not one) for rid in ids),
        actions=tuple(actions[:5]),
        accent=ids[0] if one else None,
    )


def _takes_role(ctx: PackContext, command: str) -> bool:
    cmd = ctx.registry.find(command)
    return cmd is not None and cmd.takes(ROLE)


def role(ctx: PackContext, inv: Invocation) -> Reply:
    def section(rid: str, both: bool) -> Section:
        p = ctx.pack.profiles[rid]
        fields = (
            Field("Background", p.background),
            Field("Value created", p.value),
            Field("Skill stack", p.skills.summary),
        )
        return Section(
            f"{ctx.role_name(rid)}: owns {p.owns}" if both else f"Owns {p.owns}",
            (Paragraph(p.summary), Bullets(tuple(s[0].upper() + s[1:] for s in p.signals)), Fields(fields)),
            accent=rid,
        )

    more = [("A typical week", "day"), ("Skills", "skills"), ("Where it wins", "wins"), ("Salary", "salary")]
    return per_role(ctx, inv, ("{role}", "The two roles"), section, more)


def day(ctx: PackContext, inv: Invocation) -> Reply:
    def section(rid: str, both: bool) -> Section:
        week = ctx.pack.profiles[rid].week
        return Section(
            ctx.role_name(rid) if both else None, (Paragraph(week.intro), Bullets(week.tasks)), accent=rid
        )

    more = [("Skills", "skills"), ("Salary", "salary")]
    return per_role(ctx, inv, ("{role}: a typical week", "A typical week"), section, more)


def skills(ctx: PackContext, inv: Invocation) -> Reply:
    def section(rid: str, both: bool) -> Section:
        s = ctx.pack.profiles[rid].skills
        heading = f"{ctx.role_name(rid)}: {s.weight.lower()} stack" if both else f"{s.weight} stack"
        return Section(heading, (Paragraph(s.summary), Bullets(s.items)), accent=rid)

    more = [("A typical week", "day"), ("CV advice", "cv"), ("Pivot path", "pivot")]
    return per_role(ctx, inv, ("{role} skill stack", "The skill stacks"), section, more)


def wins(ctx: PackContext, inv: Invocation) -> Reply:
    def section(rid: str, both: bool) -> Section:
        items = tuple(
            f"**{w.title}**: {w.detail}" + (" (" + ", ".join(w.companies) + ")" if w.companies else "")
            for w in ctx.pack.profiles[rid].wins
        )
        return Section(f"{ctx.role_name(rid)} wins for" if both else None, (Bullets(items),), accent=rid)

    more = [("Salary", "salary"), ("Which should I take?", "decide")]
    return per_role(ctx, inv, ("Where {role} wins", "Where each role wins"), section, more)
