"""h-and-m grading: MAP@12 by customer, integer article ids, and submissions far larger than
the answers (every customer) accepted because the sample submission beside them is as large."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.registry import get_competition

CID = "h-and-m-personalized-fashion-recommendations"


def _grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return get_competition(CID).grade_fn(submission, answers)


ANSWERS = pd.DataFrame({"customer_id": ["b", "a"], "prediction": ["706016001 1", "3 3 4"]})


def test_map_at_12_matches_by_customer_and_ignores_other_customers() -> None:
    submission = pd.DataFrame(
        {"customer_id": ["z", "a", "b"], "prediction": ["1", "9 4 3", "706016001"]}
    )
    # a: hits at ranks 2 and 3 of {3, 4}: (1/2 + 2/3) / 2; b: a hit at rank 1 of 2: 1/2
    expected = ((1 / 2 + 2 / 3) / 2 + 1 / 2) / 2
    assert _grade(submission, ANSWERS) == pytest.approx(expected)


def test_a_leading_zero_never_matches() -> None:
    submission = pd.DataFrame({"customer_id": ["a", "b"], "prediction": ["03 04", "0706016001"]})
    assert _grade(submission, ANSWERS) == 0.0


@pytest.mark.parametrize(
    ("customers", "reason"), [(["a"], "missing"), (["a", "b", "a"], "more than once")]
)
def test_a_missing_or_repeated_buyer_is_invalid(customers: list[str], reason: str) -> None:
    submission = pd.DataFrame({"customer_id": customers, "prediction": "3"})
    with pytest.raises(InvalidSubmissionError, match=reason):
        _grade(submission, ANSWERS)


def _prepared(root: Path, answers_rows: int, sample_rows: int) -> Path:
    (root / "private").mkdir(parents=True)
    (root / "public").mkdir()
    answers = pd.DataFrame(
        {"customer_id": [f"c{i}" for i in range(answers_rows)], "prediction": "1"}
    )
    answers.to_csv(root / "private" / "answers.csv", index=False)
    sample = pd.DataFrame({"customer_id": [f"c{i}" for i in range(sample_rows)], "prediction": "1"})
    sample.to_csv(root / "public" / "sample_submission.csv", index=False)
    return root / "private" / "answers.csv"


def test_a_submission_as_large_as_the_sample_is_graded(tmp_path: Path) -> None:
    answers = _prepared(tmp_path / "prepared", answers_rows=10, sample_rows=5000)
    report = grade_submission(
        get_competition(CID), tmp_path / "prepared/public/sample_submission.csv", answers
    )
    assert report.valid_submission, report.invalid_reason
    assert report.score == 1.0
    # Without the sample beside the answers, 5,000 rows are far more than 10 answers allow.
    (tmp_path / "prepared/public/sample_submission.csv").rename(tmp_path / "sample.csv")
    refused = grade_submission(get_competition(CID), tmp_path / "sample.csv", answers)
    assert not refused.valid_submission and "lines" in refused.invalid_reason
