"""Grading cost against the cost of just reading the two CSVs with pyarrow.

    python benchmarks/grading_speed.py --rows 1000000
Measures, on synthetic data: a 1 M-row binary-AUC competition (tabular-playground-series-
may-2022) and jigsaw-toxic-comment-classification-challenge's 6-label mean AUC. The jigsaw
answers have the shape of Kaggle's test_labels.csv (153,164 rows, 89,186 of them -1, i.e.
not scored, and its label rates); a second jigsaw figure scores every row with balanced
labels, the costliest case for the sorts. Each grade runs in a fresh subprocess.
Targets: grade time ≤ 2 × pyarrow read time (each best of seven, run in turn in one
interpreter with the libraries loaded); the peak RSS the first grading adds (in a fresh
interpreter) < 3 × the two files' in-memory (Arrow) size. The peak RSS pyarrow's read alone
adds is printed beside it.
Beside the times: the minor page faults of each (of the best run) and what one costs on this
machine (a fault per fresh page of memory; a virtual machine makes each several times dearer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit  # noqa: E402

JIGSAW_LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]

# One measurement in a fresh interpreter with the libraries loaded. ``grade`` (the whole
# grading) or ``pyarrow`` (just pyarrow reading both files): the peak RSS its first run adds.
# ``timing``: both, in turn, REPEATS times, each best of its runs: alternating keeps a drift
# in this machine's speed out of the ratio.
CHILD = """
import json, mmap, resource, sys, time
import numpy as np
from pathlib import Path
import pyarrow.csv as pacsv
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.registry import get_competition

def status(field):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) / 1024 for line in handle if line.startswith(field))

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

def timed(run):  # (seconds, minor page faults, what run returned)
    start, first_fault = time.perf_counter(), faults()
    result = run()
    return time.perf_counter() - start, faults() - first_fault, result

def page_fault_us(pages=16384):
    best = float("inf")
    for _ in range(3):
        with mmap.mmap(-1, pages * mmap.PAGESIZE) as memory:
            start = time.perf_counter()
            np.frombuffer(memory, dtype=np.uint8)[:: mmap.PAGESIZE] = 1  # one fault per page
            best = min(best, (time.perf_counter() - start) / pages * 1e6)
    return best

job, competition_id, submission, answers, repeats = sys.argv[1:6]
competition = get_competition(competition_id)
competition.grade_fn  # import the grader (and scikit-learn) before measuring
grade = lambda: grade_submission(competition, Path(submission), Path(answers))
read = lambda: [pacsv.read_csv(answers), pacsv.read_csv(submission)]
if job == "timing":
    times = {"grade": [], "pyarrow": []}
    for _ in range(int(repeats)):
        for name, run in [("pyarrow", read), ("grade", grade)]:
            times[name].append(timed(run)[:2])
    best = {name: min(values) for name, values in times.items()}  # the fastest, its faults
    figures = {name: seconds for name, (seconds, _) in best.items()}
    figures.update({name + "_faults": count for name, (_, count) in best.items()})
    figures.update(page_fault_us=page_fault_us())
else:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # Linux: the peak RSS (VmHWM) restarts from the RSS now
    before = status("VmRSS:")
    seconds, _, result = timed(grade if job == "grade" else read)
    figures = {"first_seconds": seconds, "added_rss_mib": status("VmHWM:") - before}
    if job == "grade":
        figures.update(valid=result.valid_submission, reason=result.invalid_reason)
        figures.update(score=result.score)
    else:
        figures.update(in_memory_mib=sum(table.nbytes for table in result) / 2**20)
print(json.dumps(figures))
"""
REPEATS = 7  # best of seven, each


def _tabular(folder: Path, rows: int, rng: np.random.Generator) -> tuple[Path, Path]:
    ids = np.arange(rows)
    target = rng.integers(0, 2, rows)
    answers = pd.DataFrame({"id": ids, "f_00": rng.normal(size=rows), "target": target})
    noisy = np.clip(target * 0.6 + rng.random(rows) * 0.4, 0, 1)
    submission = pd.DataFrame({"id": ids, "target": noisy})
    return _write(folder, "tabular", answers, submission)


# Kaggle's jigsaw test_labels.csv: rows, rows labelled -1 (not scored), and per label the
# positives among the scored rows.
JIGSAW_ROWS, JIGSAW_UNSCORED = 153_164, 89_186
JIGSAW_POSITIVES = {
    "toxic": 6_090, "severe_toxic": 367, "obscene": 3_691,
    "threat": 211, "insult": 3_427, "identity_hate": 712,
}  # fmt: skip


def _jigsaw(
    folder: Path, rows: int, rng: np.random.Generator, like_kaggle: bool
) -> tuple[Path, Path]:
    ids = [f"{i:016x}" for i in rng.integers(0, 2**63, rows)]
    if like_kaggle:
        scored = rng.random(rows) >= JIGSAW_UNSCORED / JIGSAW_ROWS
        rates = {c: n / (JIGSAW_ROWS - JIGSAW_UNSCORED) for c, n in JIGSAW_POSITIVES.items()}
        labels = {c: np.where(scored, rng.random(rows) < rates[c], -1) for c in JIGSAW_LABELS}
    else:
        labels = {c: rng.integers(0, 2, rows) for c in JIGSAW_LABELS}
    answers = pd.DataFrame({"id": ids, **labels})
    submission = pd.DataFrame({"id": ids, **{c: rng.random(rows) for c in JIGSAW_LABELS}})
    return _write(folder, "jigsaw" if like_kaggle else "jigsaw_all_scored", answers, submission)


def _write(folder: Path, name: str, answers: pd.DataFrame, submission: pd.DataFrame):
    a, s = folder / f"{name}_answers.csv", folder / f"{name}_submission.csv"
    answers.to_csv(a, index=False)
    submission.to_csv(s, index=False)
    return a, s


def _measure(job: str, competition: str, answers: Path, submission: Path) -> dict:
    arguments = [job, competition, str(submission), str(answers), str(REPEATS)]
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(name: str, competition: str, answers: Path, submission: Path) -> None:
    reference = _measure("pyarrow", competition, answers, submission)
    graded = _measure("grade", competition, answers, submission)
    times = _measure("timing", competition, answers, submission)
    ratio = times["grade"] / times["pyarrow"]
    in_memory_mib = reference["in_memory_mib"]
    memory_ratio = graded["added_rss_mib"] / in_memory_mib
    emit(
        f"grading/{name}",
        {
            "competition": competition,
            "rows": sum(1 for _ in open(answers)) - 1,
            "valid": graded["valid"],
            "reason": graded["reason"],
            "score": graded["score"],
            "grade_s": round(times["grade"], 3),
            "first_grade_s": round(graded["first_seconds"], 3),
            "pyarrow_read_s": round(times["pyarrow"], 3),
            "ratio": round(ratio, 2),
            "target_ratio": 2.0,
            # Minor page faults in the best run of each, and one fault's cost here.
            "grade_page_faults": times["grade_faults"],
            "pyarrow_page_faults": times["pyarrow_faults"],
            "page_fault_us": round(times["page_fault_us"], 2),
            "grade_faults_ms": round(times["grade_faults"] * times["page_fault_us"] / 1000, 1),
            # Peak RSS the first run adds to an interpreter with the libraries loaded.
            "grading_rss_mib": round(graded["added_rss_mib"], 1),
            "pyarrow_read_rss_mib": round(reference["added_rss_mib"], 1),
            "files_in_memory_mib": round(in_memory_mib, 1),
            "memory_ratio": round(memory_ratio, 2),
            "pyarrow_memory_ratio": round(reference["added_rss_mib"] / in_memory_mib, 2),
            "target_memory_ratio": 3.0,
            "meets_time_target": ratio <= 2.0,
            "meets_memory_target": memory_ratio <= 3.0,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jigsaw-rows", type=int, default=JIGSAW_ROWS)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench(
            "tabular_auc", "tabular-playground-series-may-2022", *_tabular(folder, args.rows, rng)
        )
        for name, like_kaggle in [("jigsaw_6_label_auc", True), ("jigsaw_all_rows_scored", False)]:
            bench(
                name,
                "jigsaw-toxic-comment-classification-challenge",
                *_jigsaw(folder, args.jigsaw_rows, rng, like_kaggle),
            )


if __name__ == "__main__":
    main()
