"""Grading cost against the cost of just reading the two CSVs with pyarrow.

    python benchmarks/grading_speed.py --rows 1000000
Measures, on synthetic data: a 1 M-row binary-AUC competition (tabular-playground-series-
may-2022) and jigsaw-toxic-comment-classification-challenge's 6-label mean AUC. Each grade
runs in a fresh subprocess so its peak RSS is its own.
Targets: grade time ≤ 2 × pyarrow read time (both best of five); memory grading adds to the
process (peak RSS minus RSS with the libraries loaded) < 3 × the two files in memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit  # noqa: E402

JIGSAW_LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]

CHILD = """
import json, resource, sys, time
from pathlib import Path
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.registry import get_competition
competition = get_competition(sys.argv[1])
competition.grade_fn  # import the grader (and scikit-learn) before timing
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    report = grade_submission(competition, Path(sys.argv[2]), Path(sys.argv[3]))
    times.append(time.perf_counter() - start)
    if len(times) == 1:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": min(times), "first_seconds": times[0],
                  "valid": report.valid_submission, "reason": report.invalid_reason,
                  "score": report.score, "peak_rss_mib": peak, "baseline_rss_mib": before}))
"""
REPEATS = 5  # best of five, as for the pyarrow reference


def _tabular(folder: Path, rows: int, rng: np.random.Generator) -> tuple[Path, Path]:
    ids = np.arange(rows)
    target = rng.integers(0, 2, rows)
    answers = pd.DataFrame({"id": ids, "f_00": rng.normal(size=rows), "target": target})
    noisy = np.clip(target * 0.6 + rng.random(rows) * 0.4, 0, 1)
    submission = pd.DataFrame({"id": ids, "target": noisy})
    return _write(folder, "tabular", answers, submission)


def _jigsaw(folder: Path, rows: int, rng: np.random.Generator) -> tuple[Path, Path]:
    ids = [f"{i:016x}" for i in range(rows)]
    answers = pd.DataFrame({"id": ids, **{c: rng.integers(0, 2, rows) for c in JIGSAW_LABELS}})
    submission = pd.DataFrame({"id": ids, **{c: rng.random(rows) for c in JIGSAW_LABELS}})
    return _write(folder, "jigsaw", answers, submission)


def _write(folder: Path, name: str, answers: pd.DataFrame, submission: pd.DataFrame):
    a, s = folder / f"{name}_answers.csv", folder / f"{name}_submission.csv"
    answers.to_csv(a, index=False)
    submission.to_csv(s, index=False)
    return a, s


def _pyarrow_read(paths: list[Path]) -> tuple[float, float]:
    start = time.perf_counter()
    tables = [pacsv.read_csv(p) for p in paths]
    elapsed = time.perf_counter() - start
    return elapsed, sum(t.nbytes for t in tables) / 2**20


def bench(name: str, competition: str, answers: Path, submission: Path) -> None:
    read_s, in_memory_mib = min(_pyarrow_read([answers, submission]) for _ in range(REPEATS))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, competition, str(submission), str(answers), str(REPEATS)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # What grading adds on top of the interpreter with pandas, pyarrow and scikit-learn loaded.
    grading_mib = result["peak_rss_mib"] - result["baseline_rss_mib"]
    emit(
        f"grading/{name}",
        {
            "competition": competition,
            "rows": sum(1 for _ in open(answers)) - 1,
            "valid": result["valid"],
            "reason": result["reason"],
            "score": result["score"],
            "grade_s": round(result["seconds"], 3),
            "first_grade_s": round(result["first_seconds"], 3),
            "pyarrow_read_s": round(read_s, 3),
            "ratio": round(result["seconds"] / read_s, 2),
            "target_ratio": 2.0,
            "peak_rss_mib": round(result["peak_rss_mib"], 1),
            "rss_before_grading_mib": round(result["baseline_rss_mib"], 1),
            "grading_rss_mib": round(grading_mib, 1),
            "files_in_memory_mib": round(in_memory_mib, 1),
            "memory_ratio": round(grading_mib / in_memory_mib, 2),
            "target_memory_ratio": 3.0,
            "meets_target": result["seconds"] / read_s <= 2.0 and grading_mib <= 3 * in_memory_mib,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jigsaw-rows", type=int, default=153_164)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench(
            "tabular_auc", "tabular-playground-series-may-2022", *_tabular(folder, args.rows, rng)
        )
        bench(
            "jigsaw_6_label_auc",
            "jigsaw-toxic-comment-classification-challenge",
            *_jigsaw(folder, args.jigsaw_rows, rng),
        )


if __name__ == "__main__":
    main()
