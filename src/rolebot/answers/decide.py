"""decide [question:answer ...]: the guided, stateless decision flow."""

from __future__ import annotations

from rolebot.answers import answer
from rolebot.registry import Invocation, PackContext
from rolebot.reply import Action, Block, Bullets, Field, Fields, Paragraph, Reply, Section, Status
from rolebot.rule import NextQuestion, Recommendation, evaluate


def command_for(answers: dict[str, str]) -> str:
    return " ".join(["decide", *(f"{k}:{v}" for k, v in answers.items())])


def _given(ctx: PackContext, answers: dict[str, str]) -> Section | None:
    if not answers:
        return None
    items = []
    for q in ctx.pack.decision.questions:
        if q.id in answers:
            label = next(o.label for o in q.options if o.id == answers[q.id])
            items.append(Field(q.prompt, label))
    return Section("Your answers", (Fields(tuple(items)),))


def _what_ifs(ctx: PackContext, answers: dict[str, str], outcome: Recommendation) -> list[Action]:
    """Optional questions whose answer would change the deciding rule, offered as follow-ups
    (e.g. "the other offer pays more")."""
    out = []
    for q in ctx.pack.decision.questions:
        if q.guided or q.id in answers:
            continue
        for opt in q.options:
            if opt.id == q.default:
                continue
            alt = {**answers, q.id: opt.id}
            result = evaluate(ctx.pack.decision, alt)
            if isinstance(result, Recommendation) and result.rule.id != outcome.rule.id:
                out.append(Action(f"{q.prompt} {opt.label}"[:75], command_for(alt)))
    return out[:2]


def decide(ctx: PackContext, inv: Invocation) -> Reply:
    decision = ctx.pack.decision
    outcome = evaluate(decision, inv.answers)
    given = _given(ctx, inv.answers)
    if isinstance(outcome, Recommendation):
        role = ctx.role_name(outcome.role)
        sections = [
            Section(
                None,
                (Fields((Field("Recommendation", f"**{role}**"), Field("Decided by", outcome.rule.title))),),
                accent=outcome.role,
            ),
            Section("Why", (Paragraph(outcome.rule.reason),)),
        ]
        if given:
            sections.append(given)
        done = (
            *_what_ifs(ctx, inv.answers, outcome),
            Action(f"{role} salary", f"salary {outcome.role}"),
            Action("Start again", "decide"),
        )[:5]
        return answer(
            ctx,
            command_for(inv.answers),
            f"Take the {role} role",
            sections=tuple(sections),
            actions=done,
            accent=outcome.role,
        )
    if isinstance(outcome, NextQuestion):
        q = outcome.question
        first = not inv.answers
        sections = []
        if first:
            guided = [x for x in decision.questions if x.guided and x.default is None]
            sections.append(
                Section(
                    "The questions, in order",
                    (Bullets(tuple(f"**{x.prompt}** {x.why}" for x in guided)),),
                )
            )
        if given:
            sections.append(given)
        body: list[Block] = [Paragraph(f"**{q.prompt}**"), Paragraph(q.why)]
        if q.how:
            body.append(Paragraph(q.how))
        body.append(Bullets(tuple(o.label for o in q.options)))
        sections.append(Section("Next question" if not first else "Start here", tuple(body)))
        actions = [Action(o.label, command_for({**inv.answers, q.id: o.id})) for o in q.options]
        if first:  # offer the non-default options of questions that are otherwise assumed
            for x in decision.questions:
                if x.guided and x.default is not None:
                    actions += [
                        Action(o.label, command_for({x.id: o.id})) for o in x.options if o.id != x.default
                    ]
        return answer(
            ctx,
            command_for(inv.answers),
            decision.title,
            summary=decision.summary,
            sections=tuple(sections),
            actions=tuple(actions),
        )
    return answer(
        ctx,
        command_for(inv.answers),
        decision.title,
        summary="No rule in the content decides these answers.",
        status=Status.NOT_UNDERSTOOD,
        actions=(Action("Start again", "decide"),),
    )
