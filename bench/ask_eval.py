"""Accuracy of free-text answering.

Two kinds of set:
- dev sets, tuned on: tests/ask_eval.toml (the first set) and tests/eval/dev_personas.toml;
- the held-out set, tests/eval/heldout.toml, written by a helper who saw only the article and a
  spec, committed before any tuning against it, and never tuned on: only its figures are
  printed, never its questions or misses.
Prints top-1 accuracy on in-scope questions, the refusal rate on out-of-scope ones (a refusal
must carry no figure), per-persona figures, every dev miss, and `ask` latency.
Run: python bench/ask_eval.py [--misses] [--dev]
"""

from __future__ import annotations

import gc
import os
import re
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rolebot.bot import Bot
from rolebot.render.text import render_text
from rolebot.reply import Reply, Status

TESTS = Path(__file__).resolve().parents[1] / "tests"
EVAL = TESTS / "ask_eval.toml"
PERSONA_SETS = {
    "dev (personas)": TESTS / "eval" / "dev_personas.toml",
    "dev (long)": TESTS / "eval" / "dev_long.toml",
    "dev (outside)": TESTS / "eval" / "dev_outside.toml",
    "dev (fresh)": TESTS / "eval" / "dev_fresh.toml",
    "dev (hard)": TESTS / "eval" / "dev_hard.toml",
    "dev (slack)": TESTS / "eval" / "dev_slack.toml",
    "dev (tricky)": TESTS / "eval" / "dev_tricky.toml",
    "dev (work)": TESTS / "eval" / "dev_work.toml",
    "dev (discord)": TESTS / "eval" / "dev_discord.toml",
    "HELD-OUT": TESTS / "eval" / "heldout.toml",
}
FIGURE = re.compile(r"£\s?\d|\d\s?%|\d+(?:-\d+)?k\b")
ROLES = ("ml", "ai")  # the shipped pack's role ids, as the eval sets name them


@dataclass
class Result:
    in_scope: int
    in_scope_hits: int
    out_scope: int
    out_scope_hits: int
    misses: list[tuple[str, str, str]]

    @property
    def accuracy(self) -> float:
        return self.in_scope_hits / max(self.in_scope, 1)

    @property
    def refusal_rate(self) -> float:
        return self.out_scope_hits / max(self.out_scope, 1)


def cases() -> list[tuple[str, str]]:
    data = tomllib.loads(EVAL.read_text())
    return [(c["q"], c["expect"]) for c in data["case"]]


def evaluate(bot: Bot) -> Result:
    res = Result(0, 0, 0, 0, [])
    for question, expect in cases():
        reply = bot.answer(f"ask {question}")
        got = " + ".join(answered(reply))
        if expect == "refuse":
            res.out_scope += 1
            clean = reply.status is Status.OUT_OF_SCOPE and not FIGURE.search(render_text(reply))
            res.out_scope_hits += clean
            if not clean:
                res.misses.append((question, expect, got))
        else:
            res.in_scope += 1
            ok = all(matches(part, answered(reply)) for part in expect.split(" + "))
            res.in_scope_hits += ok
            if not ok:
                res.misses.append((question, expect, got))
    return res


@dataclass
class Case:
    q: str
    expect: str
    persona: str = ""
    long: bool = False
    must: tuple[str, ...] = ()
    no_compute: bool = False


def persona_cases(path: Path) -> list[Case]:
    data = tomllib.loads(path.read_text())
    return [
        Case(
            c["q"],
            c["expect"],
            c.get("persona", ""),
            bool(c.get("long")),
            tuple(c.get("must", ())),
            "must not compute" in c.get("note", ""),
        )
        for c in data["case"]
    ]


def answered(reply: Reply) -> list[str]:
    """What a reply answered, as eval labels: its commands (one per part), "smalltalk", or
    "refuse"."""
    if reply.status is Status.OUT_OF_SCOPE:
        return ["refuse"]
    parts = list(reply.answers) or ([reply.command] if reply.command else [reply.status.value])
    return [p.split(" pack:")[0] for p in parts]


def source_figures() -> set[str]:
    from rolebot.content.loader import shipped_content_dir

    source = shipped_content_dir().parent.parent / "shared" / "source"
    text = " ".join(p.read_text() for p in source.glob("*.txt")) if source.is_dir() else ""
    return set(FIGURE.findall(text))


def matches(part: str, got: list[str], parts: list[str] | None = None) -> bool:
    """One expected part ("faq 2|salary senior") against what was answered. A bare "decide"
    matches any recommendation (the situation fills in the answers); a per-role command
    without a role ("skills") answers for both roles at once, so it matches an expectation of
    that command for each role ("skills ml + skills ai")."""
    for alt in (a.strip() for a in part.split("|")):
        if alt in got or (alt == "decide" and any(g.startswith("decide") for g in got)):
            return True
        head, _, role = alt.rpartition(" ")
        others = [p for p in (parts or []) if p != part and p.rpartition(" ")[0] == head]
        if head and role in ROLES and head in got and others:
            return True
    return False


def judge(case: Case, reply: Reply, figures: set[str]) -> bool:
    text = render_text(reply)
    if case.expect == "refuse":
        return reply.status is Status.OUT_OF_SCOPE and not FIGURE.search(text)
    got = answered(reply)
    parts = case.expect.split(" + ")
    if not all(matches(part, got, parts) for part in parts):
        return False
    flat = text.replace("\u00d7", "x").lower()
    if not all(m.replace("\u00d7", "x").lower() in flat for m in case.must):
        return False
    return not (case.no_compute and figures and not set(FIGURE.findall(text)) <= figures)


@dataclass
class Score:
    right: int = 0
    total: int = 0
    refused: int = 0
    out: int = 0

    def line(self) -> str:
        inn = f"in scope {self.right}/{self.total} = {self.right / max(self.total, 1):.1%}"
        return (
            f"{inn}; out of scope refused {self.refused}/{self.out} = {self.refused / max(self.out, 1):.1%}"
        )


def score_set(bot: Bot, cases_: list[Case]) -> tuple[Score, dict[str, Score], list[tuple[str, str, str]]]:
    figures = source_figures()
    total = Score()
    personas: dict[str, Score] = {}
    misses = []
    for case in cases_:
        reply = bot.answer(f"ask {case.q}")
        ok = judge(case, reply, figures)
        for s in (total, personas.setdefault(case.persona, Score())):
            if case.expect == "refuse":
                s.out += 1
                s.refused += ok
            else:
                s.total += 1
                s.right += ok
        if not ok:
            misses.append((case.q, case.expect, " + ".join(answered(reply))))
    return total, personas, misses


def latency(bot: Bot, rounds: int = 20) -> tuple[float, float]:
    times = []
    questions = [q for q, _ in cases()]
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter_ns()
            render_text(bot.answer(q))
            times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


def scaled_pack(factor: int, dest: Path) -> Path:
    """Write a pack `factor` times the shipped one: FAQ entries (each a routed unit) repeated
    with made-up topic words, so both the unit count and the vocabulary grow."""
    import random

    import tomli_w

    from rolebot.content.loader import pack_dirs, parse_files, shipped_content_dir

    src = pack_dirs(shipped_content_dir())[0]
    data, _ = parse_files(src, [(f, f.read_bytes()) for f in sorted(src.glob("*.toml"))])
    rng = random.Random(7)
    # 50x the answers: the pack's learned questions (questions.toml) teach the router words
    # but answer nothing, so they are kept once, not multiplied
    size = sum(len(f.read_bytes()) for f in src.glob("*.toml") if f.name != "questions.toml")
    faq = list(data["faq"])
    target = size * factor
    written = size
    k = 0
    while written < target:
        entry = dict(faq[k % len(faq)])
        made_up = [
            "".join(rng.choice("bcdfghjklmnpqrstvwz") + rng.choice("aeiou") for _ in range(4))
            for _ in range(6)
        ]
        entry["question"] = f"{entry['question']} ({' '.join(made_up[:2])})"
        entry["ask"] = {
            "examples": [f"{e} {made_up[2]}" for e in entry["ask"]["examples"]],
            "terms": [*entry["ask"]["terms"], *made_up],
        }
        entry.pop("see", None)
        data["faq"].append(entry)
        written += len(tomli_w.dumps({"faq": [entry]}))
        k += 1
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "pack.toml").write_text(tomli_w.dumps(data))
    return dest


def main() -> None:
    import sys

    show_misses = "--misses" in sys.argv
    bot = Bot()
    for name, path in PERSONA_SETS.items():
        if name == "HELD-OUT" and "--dev" in sys.argv:  # while working on the router: dev sets only
            continue
        total, personas, misses = score_set(bot, persona_cases(path))
        print(f"{name:15} {total.line()}  (targets: in scope >= 95%, out of scope 100%)")
        for persona, sc in sorted(personas.items()):
            print(f"    {persona:15} {sc.line()}")
        if name != "HELD-OUT" and show_misses:
            for q, expect, got in misses:
                print(f"  MISS {q[:110]!r}: expected {expect}, got {got}")
    res = evaluate(bot)
    print("first set (tests/ask_eval.toml):")
    print(f"in scope:     {res.in_scope_hits}/{res.in_scope} top-1 = {res.accuracy:.1%} (target >= 95%)")
    print(
        f"out of scope: {res.out_scope_hits}/{res.out_scope} refused without figures = "
        f"{res.refusal_rate:.1%} (target 100%)"
    )
    for q, expect, got in res.misses:
        print(f"  MISS {q!r}: expected {expect}, got {got}")
    bot.warm()  # as the servers do at start; the CLI builds the rest on first need
    med, p99 = latency(bot)
    print(f"ask latency on shipped content: median {med:.3f} ms, p99 {p99:.3f} ms (target p99 < 2 ms)")
    import tempfile

    from rolebot.content import load_pack
    from rolebot.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = scaled_pack(50, Path(tmp) / "big")
        pack = load_pack(folder)
        for start in ("built", "from its cache"):  # the first start builds and caches the index
            # each in a fresh process, as a server starts: this one's heap would skew both
            out = subprocess.run(
                [sys.executable, __file__, "--start", str(folder), str(Path(tmp) / "cache")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            print(
                f"pack 50x larger ({len(pack.faq)} FAQ entries): router and typo indexes {start} "
                f"in {float(out[0]):.0f} ms, +{float(out[1]):.0f} MB"
                + (" (target from cache: < 300 ms, < 60 MB)" if start != "built" else "")
            )
        big = Bot({pack.id: pack}, settings=Settings(cache=Path(tmp) / "cache"))
        big.warm()
        med, p99 = latency(big, rounds=5)
        print(f"ask latency on it: median {med:.3f} ms, p99 {p99:.3f} ms (target p99 < 10 ms)")


def start(folder: Path, cache: Path) -> None:
    """Prints the time (ms) and memory (MB) a bot takes to build or load its indexes."""
    from rolebot.content import load_pack
    from rolebot.settings import Settings

    pack = load_pack(folder)
    big = Bot({pack.id: pack}, settings=Settings(cache=cache))
    gc.collect()
    before, t0 = rss_mb(), time.perf_counter()
    big.warm()  # every index built or loaded, as the servers do at start
    print((time.perf_counter() - t0) * 1000, rss_mb() - before)


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


if __name__ == "__main__":
    if sys.argv[1:2] == ["--start"]:
        start(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
