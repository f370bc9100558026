"""Accuracy of free-text answering on the evaluation set in tests/ask_eval.toml.

Prints top-1 accuracy on in-scope questions, the refusal rate on out-of-scope ones (a refusal
must carry no figure), every miss, and `ask` latency. Run: python bench/ask_eval.py
"""

from __future__ import annotations

import re
import statistics
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rolebot.bot import Bot
from rolebot.render.text import render_text
from rolebot.reply import Status

EVAL = Path(__file__).resolve().parents[1] / "tests" / "ask_eval.toml"
FIGURE = re.compile(r"£\s?\d|\d\s?%|\d+(?:-\d+)?k\b")


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
        got = "refuse" if reply.status is Status.OUT_OF_SCOPE else (reply.command or reply.status.value)
        if expect == "refuse":
            res.out_scope += 1
            clean = reply.status is Status.OUT_OF_SCOPE and not FIGURE.search(render_text(reply))
            res.out_scope_hits += clean
            if not clean:
                res.misses.append((question, expect, got))
        else:
            res.in_scope += 1
            ok = got in expect.split("|")
            res.in_scope_hits += ok
            if not ok:
                res.misses.append((question, expect, got))
    return res


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

    from rolebot.content.loader import default_content_dir, pack_dirs, parse_files

    src = pack_dirs(default_content_dir())[0]
    data, _ = parse_files(src, [(f, f.read_bytes()) for f in sorted(src.glob("*.toml"))])
    rng = random.Random(7)
    size = sum(len(f.read_bytes()) for f in src.glob("*.toml"))
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
    bot = Bot()
    res = evaluate(bot)
    print(f"in scope:     {res.in_scope_hits}/{res.in_scope} top-1 = {res.accuracy:.1%} (target >= 95%)")
    print(
        f"out of scope: {res.out_scope_hits}/{res.out_scope} refused without figures = "
        f"{res.refusal_rate:.1%} (target 100%)"
    )
    for q, expect, got in res.misses:
        print(f"  MISS {q!r}: expected {expect}, got {got}")
    med, p99 = latency(bot)
    print(f"ask latency on shipped content: median {med:.3f} ms, p99 {p99:.3f} ms (target p99 < 2 ms)")
    import tempfile

    from rolebot.content import load_pack

    with tempfile.TemporaryDirectory() as tmp:
        pack = load_pack(scaled_pack(50, Path(tmp) / "big"), use_cache=False)
        big = Bot({pack.id: pack})
        t0 = time.perf_counter()
        big.answer("ask warm up the router")
        build = (time.perf_counter() - t0) * 1000
        med, p99 = latency(big, rounds=5)
        print(
            f"ask latency on a pack 50x larger ({len(pack.faq)} FAQ entries): median {med:.3f} ms, "
            f"p99 {p99:.3f} ms (target p99 < 10 ms); router index built in {build:.0f} ms"
        )


if __name__ == "__main__":
    main()
