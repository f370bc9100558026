"""compare, role, day, skills, wins."""

from __future__ import annotations

from rolebot.answers import answer, roles_or_all
from rolebot.context import Context, Invocation
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section, Table


def compare(ctx: Context, inv: Invocation) -> Reply:
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


def _other(ctx: Context, roles: list[str]) -> str | None:
    if len(roles) != 1:
        return None
    return next((r.id for r in ctx.pack.roles if r.id != roles[0]), None)


def _per_role(
    ctx: Context, inv: Invocation, title_one: str, title_all: str
) -> tuple[str, list[str], str | None]:
    ids = roles_or_all(ctx, inv.roles)
    title = title_one.format(role=ctx.role_name(ids[0])) if len(ids) == 1 else title_all
    return title, ids, _other(ctx, inv.roles)


def _actions(
    ctx: Context, command: str, ids: list[str], other: str | None, more: list[tuple[str, str]]
) -> tuple[Action, ...]:
    acts = [
        Action(label, f"{cmd} {ids[0]}" if len(ids) == 1 and _takes_role(ctx, cmd) else cmd)
        for label, cmd in more
    ]
    if other:
        acts.insert(0, Action(f"Same for {ctx.role_name(other)}", f"{command} {other}"))
    return tuple(acts)


def _takes_role(ctx: Context, command: str) -> bool:
    from rolebot.registry import ArgKind

    cmd = ctx.registry.find(command)
    return cmd is not None and any(a.kind is ArgKind.ROLE for a in cmd.args)


def role(ctx: Context, inv: Invocation) -> Reply:
    title, ids, other = _per_role(ctx, inv, "{role}", "The two roles")
    sections = []
    for rid in ids:
        p = ctx.pack.profiles[rid]
        sections.append(
            Section(
                ctx.role_name(rid) + f": owns {p.owns}" if len(ids) > 1 else f"Owns {p.owns}",
                (
                    Paragraph(p.summary),
                    Bullets(tuple(s[0].upper() + s[1:] for s in p.signals)),
                    Fields(
                        (
                            Field("Background", p.background),
                            Field("Value created", p.value),
                            Field("Skill stack", p.skills.summary),
                        )
                    ),
                ),
                accent=rid,
            )
        )
    actions = _actions(
        ctx,
        "role",
        ids,
        other,
        [("A typical week", "day"), ("Skills", "skills"), ("Where it wins", "wins"), ("Salary", "salary")],
    )
    return answer(
        ctx,
        inv_text(inv, ids),
        title,
        sections=tuple(sections),
        actions=actions,
        accent=ids[0] if len(ids) == 1 else None,
    )


def day(ctx: Context, inv: Invocation) -> Reply:
    title, ids, other = _per_role(ctx, inv, "A week as a senior {role}", "A typical week")
    sections = tuple(
        Section(
            ctx.role_name(rid) if len(ids) > 1 else None,
            (Paragraph(ctx.pack.profiles[rid].week.intro), Bullets(ctx.pack.profiles[rid].week.tasks)),
            accent=rid,
        )
        for rid in ids
    )
    actions = _actions(ctx, "day", ids, other, [("Skills", "skills"), ("Salary", "salary")])
    return answer(
        ctx,
        inv_text(inv, ids),
        title,
        sections=sections,
        actions=actions,
        accent=ids[0] if len(ids) == 1 else None,
    )


def skills(ctx: Context, inv: Invocation) -> Reply:
    title, ids, other = _per_role(ctx, inv, "{role} skill stack", "The skill stacks")
    sections = []
    for rid in ids:
        s = ctx.pack.profiles[rid].skills
        sections.append(
            Section(
                f"{ctx.role_name(rid)}: {s.weight.lower()} stack" if len(ids) > 1 else f"{s.weight} stack",
                (Paragraph(s.summary), Bullets(s.items)),
                accent=rid,
            )
        )
    actions = _actions(
        ctx, "skills", ids, other, [("A typical week", "day"), ("CV advice", "cv"), ("Pivot path", "pivot")]
    )
    return answer(
        ctx,
        inv_text(inv, ids),
        title,
        sections=tuple(sections),
        actions=actions,
        accent=ids[0] if len(ids) == 1 else None,
    )


def wins(ctx: Context, inv: Invocation) -> Reply:
    title, ids, other = _per_role(ctx, inv, "Where {role} wins", "Where each role wins")
    sections = []
    for rid in ids:
        items = []
        for w in ctx.pack.profiles[rid].wins:
            line = f"**{w.title}**: {w.detail}"
            if w.companies:
                line += " (" + ", ".join(w.companies) + ")"
            items.append(line)
        sections.append(
            Section(
                f"{ctx.role_name(rid)} wins for" if len(ids) > 1 else None,
                (Bullets(tuple(items)),),
                accent=rid,
            )
        )
    actions = _actions(ctx, "wins", ids, other, [("Salary", "salary"), ("Which should I take?", "decide")])
    return answer(
        ctx,
        inv_text(inv, ids),
        title,
        sections=tuple(sections),
        actions=actions,
        accent=ids[0] if len(ids) == 1 else None,
    )


def inv_text(inv: Invocation, ids: list[str]) -> str:
    return inv.command.name + (f" {ids[0]}" if len(ids) == 1 else "")
