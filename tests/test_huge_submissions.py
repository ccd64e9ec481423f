"""A submission far larger than its answers is refused before any parse, quickly."""

from __future__ import annotations

import time
from pathlib import Path

from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.registry import get_competition

CID = "spaceship-titanic"


def _grade(prepared_root, submission: Path):
    layout = prepared_root(CID)
    competition = get_competition(CID)
    answers = layout.prepared_dir(CID) / competition.answers
    started = time.perf_counter()
    report = grade_submission(competition, submission, answers)
    return report, time.perf_counter() - started


def test_millions_of_rows_are_refused_within_two_seconds(prepared_root, tmp_path) -> None:
    path = tmp_path / "submission.csv"
    row = b"0001_01,True\n"
    with open(path, "wb") as handle:
        handle.write(b"PassengerId,Transported\n")
        handle.write(row * ((64 << 20) // len(row) - 10))  # just under 64 MiB, ~5 M rows
    report, seconds = _grade(prepared_root, path)
    assert not report.valid_submission and "lines; the answers have about" in report.invalid_reason
    assert seconds < 2, seconds


def test_a_million_columns_are_refused_within_two_seconds(prepared_root, tmp_path) -> None:
    path = tmp_path / "submission.csv"
    header = ",".join(f"c{i}" for i in range(1_000_000)).encode()
    path.write_bytes(b"PassengerId,Transported," + header + b"\n0001_01,True" + b",1" * 1_000_000)
    report, seconds = _grade(prepared_root, path)
    assert not report.valid_submission and "columns" in report.invalid_reason
    assert seconds < 2, seconds


def test_a_normal_sized_submission_is_still_graded(prepared_root) -> None:
    layout = prepared_root(CID)
    sample = layout.prepared_dir(CID) / get_competition(CID).sample_submission
    report, _ = _grade(prepared_root, sample)
    assert report.valid_submission, report.invalid_reason
