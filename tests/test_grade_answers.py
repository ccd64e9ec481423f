"""Grading reads the larger of submission and answers first, and never hides missing answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.registry import get_competition

COMPETITION = "tabular-playground-series-may-2022"


@pytest.mark.parametrize("submission_text", ["id,target\n0,0.5\n1,0.2,7\n", "id,target\n0,0.5\n"])
def test_missing_answers_raise_whatever_the_submission(
    tmp_path: Path, submission_text: str
) -> None:
    """An unreadable or a valid submission: missing answers are an error, not a verdict."""
    submission = tmp_path / "submission.csv"
    submission.write_text(submission_text)
    with pytest.raises(FileNotFoundError, match="prepare the competition first"):
        grade_submission(get_competition(COMPETITION), submission, tmp_path / "nothing.csv")


@pytest.mark.parametrize("larger", ["answers", "submission"])
def test_the_score_does_not_depend_on_which_file_is_read_first(tmp_path: Path, larger: str) -> None:
    answers = pd.DataFrame({"id": range(300), "target": [0, 1, 1] * 100})
    if larger == "answers":
        answers["note"] = "x" * 200  # a column the grader ignores
    submission = pd.DataFrame({"id": answers["id"][::-1], "target": [0.4, 0.9, 0.7] * 100})
    answers_path, submission_path = tmp_path / "answers.csv", tmp_path / "submission.csv"
    answers.to_csv(answers_path, index=False)
    submission.to_csv(submission_path, index=False, float_format="%.30f")
    sizes = {"answers": answers_path.stat().st_size, "submission": submission_path.stat().st_size}
    assert max(sizes, key=sizes.get) == larger
    report = grade_submission(get_competition(COMPETITION), submission_path, answers_path)
    assert report.valid_submission, report.invalid_reason
    # Paired by id, the negatives score 0.7 and the positives 0.9 or 0.4 (half each): AUC 0.5.
    # Paired by row instead, the negatives would score 0.4 and the AUC be 1.
    assert report.score == 0.5
