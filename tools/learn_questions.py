"""Write a pack's `questions.toml` from labelled question sets (the dev evaluation sets and
paraphrases): every single-answer, in-scope question, with its answer as the router names it.

Never give it the held-out set as a source. Give it as `--exclude`: a dev question that
happens to be (nearly) the same as a held-out one is left out, so the held-out figure stays an
honest one. Run: python tools/learn_questions.py OUT.toml SET.toml... --exclude HELDOUT.toml
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import tomli_w

from rolebot.words import tokens

SKIP = {"refuse", "smalltalk", "help"}


def answer_of(expect: str) -> str | None:
    """The router's answer for an eval label: "salary senior ml" -> "salary", "faq 2|cv" ->
    "faq 2"; None for labels the router does not learn (several parts, titles, refusals)."""
    if "+" in expect:
        return None
    words = expect.split("|")[0].split()
    if not words or words[0] in SKIP or words[0] == "title":
        return None
    return " ".join(words[:2]) if words[0] == "faq" else words[0]


def near(a: set[str], b: set[str]) -> bool:
    return len(a & b) >= 0.7 * max(len(a | b), 1)


def main(out: str, sources: list[str], exclude: list[str]) -> None:
    held = [set(tokens(c["q"])) for path in exclude for c in tomllib.loads(Path(path).read_text())["case"]]
    left_out = 0
    seen: set[str] = set()
    rows = []
    for source in sources:
        data = tomllib.loads(Path(source).read_text())
        for case in data.get("case", ()):
            answer = answer_of(case["expect"])
            if answer and any(near(set(tokens(case["q"])), h) for h in held):
                left_out += 1
                continue
            if answer and case["q"] not in seen:
                seen.add(case["q"])
                rows.append({"text": case["q"], "answer": answer})
        for key, block in data.items():  # paraphrases: {unit: {examples: [...]}}
            if key == "case" or not isinstance(block, dict):
                continue
            answer = f"faq {key[3:]}" if key.startswith("faq") else key
            for text in block.get("examples", ()):
                if any(near(set(tokens(text)), h) for h in held):
                    left_out += 1
                    continue
                if text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "answer": answer})
    header = (
        "# Real questions and the answer that answers each: the free-text router learns their\n"
        "# words. Written by tools/learn_questions.py from the dev evaluation sets (never the\n"
        "# held-out set) and paraphrases written from the article.\n\n"
    )
    Path(out).write_text(header + tomli_w.dumps({"questions": rows}))
    print(f"{len(rows)} questions -> {out}; {left_out} left out as (nearly) held-out questions")


if __name__ == "__main__":
    args = sys.argv[2:]
    cut = args.index("--exclude") if "--exclude" in args else len(args)
    main(sys.argv[1], args[:cut], args[cut + 1 :])
