"""salary [level] [role]: the band table, filtered, with the premium and the remarks."""

from __future__ import annotations

from rolebot.answers import answer
from rolebot.chart import for_pack
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Bullets, Field, Fields, Paragraph, Reply, Section, Table


def money(ctx: PackContext, level: str, role: str) -> str:
    s = ctx.pack.salary
    for band in s.bands:
        if band.level == level and band.role == role:
            return f"{s.currency_symbol}{band.low}-{band.high}{s.unit}"
    return "not given"


def salary(ctx: PackContext, inv: Invocation) -> Reply:
    pack = ctx.pack
    s = pack.salary
    all_levels = [lv.id for lv in pack.levels]
    all_roles = [r.id for r in pack.roles]
    levels = [lv for lv in all_levels if lv in inv.levels] or all_levels
    roles = [r for r in all_roles if r in inv.roles] or all_roles
    where = f"{s.region} {s.year}"
    sections: list[Section] = []
    actions: list[Action] = []

    if len(inv.levels) == 1 and len(inv.roles) == 1:
        level, role = levels[0], roles[0]
        title = f"{ctx.level_name(level)} {ctx.role_name(role)} salary ({where})"
        pay = money(ctx, level, role)
        summary = f"A {ctx.level_name(level).lower()} {ctx.role_name(role)} earns **{pay}** ({where})."
        # the other title's band beside it; a shared band is said once
        fields = [
            Field(
                f"{ctx.level_name(level)} {ctx.role_name(r)}",
                "the same band" if money(ctx, level, r) == pay else money(ctx, level, r),
            )
            for r in all_roles
            if r != role
        ]
        sections.append(Section(None, (Fields(tuple(fields)),), accent=role))
        for other in (x for x in all_roles if x != role):
            actions.append(Action(f"See the {ctx.role_name(other)} band", f"salary {level} {other}"))
        actions.append(Action(f"All {ctx.role_name(role)} levels", f"salary {role}"))
        actions.append(Action("Full table", "salary"))
        command = f"salary {level} {role}"
    else:
        label = " & ".join(ctx.level_name(lv) for lv in inv.levels) if inv.levels else ""
        who = " & ".join(ctx.role_name(r) for r in inv.roles) if inv.roles else ""
        title = " ".join(x for x in (label, who, "salary bands", f"({where})") if x)
        title = title[0].upper() + title[1:]
        summary = s.summary
        rows = [_once((ctx.level_name(lv), *(money(ctx, lv, r) for r in roles))) for lv in levels]
        if not inv.levels:
            for label_ in dict.fromkeys(p.label for p in s.premiums):
                pct = {p.role: f"{p.percent}%" for p in s.premiums if p.label == label_}
                rows.append(_once((label_, *(pct.get(r, "not given") for r in roles))))
        table = Table(("Level", *(ctx.role_name(r) for r in roles)), tuple(rows))
        sections.append(Section(None, (table,), accent=roles[0] if len(roles) == 1 else None))
        if len(inv.levels) == 1:
            for r in all_roles:
                actions.append(
                    Action(f"{ctx.level_name(levels[0])} {ctx.role_name(r)}", f"salary {levels[0]} {r}")
                )
        elif len(inv.roles) == 1:
            for other in (x for x in all_roles if x != roles[0]):
                actions.append(Action(f"{ctx.role_name(other)} bands", f"salary {other}"))
        if inv.levels or inv.roles:
            actions.append(Action("Full table", "salary"))
        command = " ".join(["salary", *inv.levels, *inv.roles])

    remarks = [
        r.text
        for r in s.remarks
        if (not r.levels or not inv.levels or set(r.levels) & set(levels))
        and (not r.roles or not inv.roles or set(r.roles) & set(roles))
    ]
    if remarks:
        sections.append(Section("Worth knowing", (Bullets(tuple(remarks)),)))
    if s.caveat:
        sections.append(Section(None, (Paragraph(f"_{s.caveat}_"),)))
    if s.source_note and not (inv.levels or inv.roles):  # the whole table: where to read more
        sections.append(Section(None, (Paragraph(s.source_note),)))
    if not actions or len(actions) < 3:
        actions.append(Action("Which should I take?", "decide"))
    shown = len(levels) * len(roles) > 1  # a picture helps where bands stand side by side
    return answer(
        ctx,
        command,
        title,
        chart=for_pack(pack, levels, roles) if shown else None,
        summary=summary,
        sections=tuple(sections),
        actions=tuple(actions[:5]),
        accent=roles[0] if len(roles) == 1 else None,
    )


def _once(row: tuple[str, ...]) -> tuple[str, ...]:
    """A table row whose roles share a value says it once: "£50-70k | same"."""
    first = row[1] if len(row) > 1 else ""
    return (row[0], first, *("same" if v == first else v for v in row[2:]))
