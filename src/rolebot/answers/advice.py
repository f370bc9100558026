"""pivot, mistakes, cv, verdict."""

from __future__ import annotations

from rolebot.answers import answer, roles_or_all
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section


def pivot(ctx: PackContext, inv: Invocation) -> Reply:
    p = ctx.pack.pivot
    sections = [Section(p.steps_title, (Paragraph(" → ".join(p.steps)), Paragraph(p.timing)))]
    for route in p.routes:
        sections.append(
            Section(f"Into {ctx.role_name(route.role)}", (Bullets(route.points),), accent=route.role)
        )
    if p.notes:
        sections.append(Section(None, (Bullets(p.notes.items),)))
    actions = (
        Action("Skills to learn", "skills"),
        Action("CV advice", "cv"),
        Action("Decide step by step", "decide path:pivot"),
    )
    return answer(ctx, "pivot", p.title, summary=p.summary, sections=tuple(sections), actions=actions)


def mistakes(ctx: PackContext, inv: Invocation) -> Reply:
    m = ctx.pack.mistakes
    items = tuple(f"**{x.title}.** {x.detail}" for x in m.items)
    actions = (Action("The decision rule", "decide"), Action("Final verdict", "verdict"))
    return answer(
        ctx, "mistakes", m.title, sections=(Section(None, (Bullets(items, ordered=True),)),), actions=actions
    )


def cv(ctx: PackContext, inv: Invocation) -> Reply:
    c = ctx.pack.cv
    ids = roles_or_all(ctx, inv.roles)
    sections = []
    for advice in c.advice:
        if advice.role in ids:
            sections.append(
                Section(
                    f"For {ctx.role_name(advice.role)} applications",
                    (Paragraph(advice.focus), Bullets(tuple(f"\u201c{e}\u201d" for e in advice.examples))),
                    accent=advice.role,
                )
            )
    sections.append(
        Section(
            "For both",
            (
                Paragraph(c.both.focus),
                Fields(
                    (
                        Field("Write", f"\u201c{c.both.better}\u201d"),
                        Field("Not", f"\u201c{c.both.worse}\u201d"),
                    )
                ),
            ),
        )
    )
    actions = [
        Action(f"CV for {ctx.role_name(r.id)}", f"cv {r.id}")
        for r in ctx.pack.roles
        if len(ids) != 1 or r.id != ids[0]
    ]
    actions.append(Action("Skills", "skills" + (f" {ids[0]}" if len(ids) == 1 else "")))
    title = c.title + (f": {ctx.role_name(ids[0])}" if len(ids) == 1 else "")
    return answer(
        ctx,
        "cv" + (f" {ids[0]}" if len(ids) == 1 else ""),
        title,
        summary=c.summary,
        sections=tuple(sections),
        actions=tuple(actions),
        accent=ids[0] if len(ids) == 1 else None,
    )


def verdict(ctx: PackContext, inv: Invocation) -> Reply:
    v = ctx.pack.verdict
    actions = (
        Action("Decide step by step", "decide"),
        Action("Pivot path", "pivot"),
        Action("Mistakes to avoid", "mistakes"),
    )
    return answer(
        ctx,
        "verdict",
        v.title,
        summary=v.summary,
        sections=(Section(None, (Bullets(v.points),)),),
        actions=actions,
    )
