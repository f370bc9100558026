"""A report for content owners, from the JSON answer logs (`rolebot report LOGFILE...`):
answers by command and by platform, the refusal rate, latency percentiles and, only where
question text was logged (`ROLEBOT_LOG_TEXT=1`), the questions most often left unanswered:
the content gaps to fill next. Lines that are not answer records are skipped."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

UNANSWERED = ("out_of_scope", "not_understood")


@dataclass
class Report:
    answers: int = 0
    by_command: Counter[str] = field(default_factory=Counter)
    by_platform: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    unanswered: Counter[str] = field(default_factory=Counter)
    with_text: int = 0
    skipped: int = 0

    @property
    def refusal_rate(self) -> float:
        return sum(self.by_outcome[o] for o in UNANSWERED) / max(self.answers, 1)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def read(lines: Iterable[str]) -> Report:
    report = Report()
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            report.skipped += 1
            continue
        if not isinstance(record, dict) or record.get("event") != "answer":
            report.skipped += 1
            continue
        report.answers += 1
        outcome = str(record.get("outcome") or "unknown")
        report.by_command[str(record.get("command") or "(plain question)").split()[0]] += 1
        report.by_platform[str(record.get("platform") or "unknown")] += 1
        report.by_outcome[outcome] += 1
        if isinstance(record.get("latency_ms"), int | float):
            report.latencies.append(float(record["latency_ms"]))
        text = record.get("text")
        if isinstance(text, str) and text.strip():
            report.with_text += 1
            if outcome in UNANSWERED:
                report.unanswered[" ".join(text.lower().split())[:200]] += 1
    return report


def render(report: Report, top: int = 10) -> str:
    out = [
        f"answers: {report.answers}" + (f" ({report.skipped} other lines skipped)" if report.skipped else "")
    ]
    if not report.answers:
        return "\n".join([*out, "no answer records found (rolebot writes them on standard output)"]) + "\n"
    out.append(f"refused or not understood: {report.refusal_rate:.1%}")
    out.append(
        "latency ms: "
        + ", ".join(f"p{p} {report.percentile(p):.2f}" for p in (50, 90, 99))
        + f", max {max(report.latencies, default=0.0):.2f}"
    )
    for title, counts in (
        ("by platform", report.by_platform),
        ("by outcome", report.by_outcome),
        ("by command", report.by_command),
    ):
        out += ["", title + ":"] + [f"  {n:6d}  {name}" for name, n in counts.most_common()]
    out.append("")
    if not report.with_text:
        out.append("unanswered questions: not logged (set ROLEBOT_LOG_TEXT=1 to record question text)")
    else:
        out.append(f"most frequent unanswered questions (of {report.with_text} with text):")
        out += [f"  {n:6d}  {q}" for q, n in report.unanswered.most_common(top)] or ["  none"]
    return "\n".join(out) + "\n"
