"""Run every benchmark and write benchmarks/results.md (figures, commands, machine).

python benchmarks/run_all.py --quick     # a few minutes
python benchmarks/run_all.py             # full sizes (taxi: 55 M rows, ~6 GB of disk)
python benchmarks/run_all.py --quick --postgres-url URL
    # also Dagster's cost per partition on that PostgreSQL (wiped!), e.g. through
    # deploy/pgbouncer.sh's URL
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import machine  # noqa: E402

QUICK = {
    "cached_rerun.py": ["--split", "lite", "--seeds", "3"],
    "dagster_overhead.py": ["--split", "lite", "--seeds", "3"],
    "grading_speed.py": ["--rows", "1000000"],
    "leaderboard_scale.py": ["--reports", "100000"],
    "similarity_threshold.py": [],
    "taxi_prepare.py": ["--rows", "1000000"],
}
FULL = {**QUICK, "taxi_prepare.py": ["--rows", "55423856", "--drop-caches"]}


def run(script: str, args: list[str]) -> tuple[list[dict], float, str]:
    command = [sys.executable, str(HERE / script), *args]
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    figures = [
        json.loads(line[6:]) for line in out.stdout.splitlines() if line.startswith("BENCH ")
    ]
    if out.returncode != 0:
        figures.append({"benchmark": script, "error": out.stderr.strip().splitlines()[-1:]})
    shown = [_without_password(arg) for arg in args]
    return figures, elapsed, " ".join(["python", f"benchmarks/{script}", *shown])


def _without_password(arg: str) -> str:
    """A URL argument with its password masked (results.md is committed)."""
    return re.sub(r"^(\w[\w+.-]*://[^:/@]*):[^@]*@", r"\1:***@", arg)


# Runs too long for run_all (full-size taxi with a cold page cache, ...) are recorded by hand
# under this heading at the end of results.md; run_all keeps that part as it is.
BY_HAND = "## Recorded by hand"


def _recorded_by_hand(results: Path) -> str:
    text = results.read_text() if results.is_file() else ""
    start = text.find(BY_HAND)
    return text[start:] if start >= 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", help="script names to run")
    parser.add_argument(
        "--postgres-url", help="also measure dagster_overhead.py on this PostgreSQL (wiped)"
    )
    args = parser.parse_args()
    plan = []
    for script, script_args in (QUICK if args.quick else FULL).items():
        plan.append((script, script_args))
        if script == "dagster_overhead.py" and args.postgres_url:
            plan.append((script, [*script_args, "--postgres-url", args.postgres_url]))
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
        f"Mode: {'quick' if args.quick else 'full'}",
        "",
    ]
    for script, script_args in plan:
        if args.only and script not in args.only:
            continue
        figures, elapsed, command = run(script, script_args)
        lines += [f"## {script}", "", f"`{command}` ({elapsed:.0f} s)", ""]
        for fig in figures:
            print(json.dumps(fig), flush=True)
            lines += ["| figure | value |", "| --- | --- |"]
            lines += [f"| {k} | {v} |" for k, v in fig.items()]
            lines.append("")
    results = HERE / "results.md"
    kept = _recorded_by_hand(results)
    results.write_text("\n".join(lines) + "\n" + (f"\n{kept}" if kept else ""))
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
