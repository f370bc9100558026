"""Process start of `rolebot ask` against `python -c "import pydantic"`, same machine, same run.

Target: rolebot ask at most 2.5x the pydantic import. Run: python bench/startup.py [--runs N]

The project's sources are byte-compiled first, as an installed package's are (pip compiles
them; an editable checkout under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every
module at every start, which pydantic, installed, never does). `--source` skips that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=False)  # warm the disk cache and the content cache
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--source", action="store_true", help="do not byte-compile the sources first")
    args = ap.parse_args()
    if not args.source:
        import compileall
        from pathlib import Path

        root = Path(__file__).resolve().parents[1]
        for folder in ("src", "adapters"):
            compileall.compile_dir(root / folder, quiet=1)
    exe = shutil.which("rolebot") or os.path.join(os.path.dirname(sys.executable), "rolebot")
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import pydantic"': [sys.executable, "-c", "import pydantic"],
        "rolebot ask /salary senior ml": [exe, "ask", "/salary", "senior", "ml"],
        "rolebot ask which pays more?": [exe, "ask", "which", "pays", "more?"],
    }
    results = {name: statistics.median(timed(cmd, args.runs)) for name, cmd in cases.items()}
    for name, ms in results.items():
        print(f"{name:34} median {ms:7.1f} ms")
    base = results['python -c "import pydantic"']
    for name in ("rolebot ask /salary senior ml", "rolebot ask which pays more?"):
        print(f"ratio {name} / import pydantic: {results[name] / base:.2f} (target <= 2.5)")


if __name__ == "__main__":
    main()
