"""osic-pulmonary-fibrosis-progression grading, checked by hand: the last three measured weeks
per patient, error capped at 1000, sigma floored at 70, every sample row required once."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.registry import get_competition

ANSWERS = pd.DataFrame(
    {
        "Patient": ["P"] * 5,
        "Weeks": [1, 2, 3, 4, 5],
        "FVC": [3000.0, 2900.0, np.nan, 2800.0, 2700.0],
        "Patient_Week": [f"P_{week}" for week in range(1, 6)],
        "Confidence": 100,
    }
)


def _grade(fvc: list[float], confidence: list[float]) -> float:
    submission = pd.DataFrame(
        {"Patient_Week": ANSWERS["Patient_Week"], "FVC": fvc, "Confidence": confidence}
    )
    return get_competition("osic-pulmonary-fibrosis-progression").grade_fn(submission, ANSWERS)


def test_only_the_last_three_measured_weeks_count() -> None:
    # Weeks 2, 4 and 5 are scored (week 3 has no measurement, week 1 is older): errors 0,
    # 100 and 2000 (capped at 1000), sigmas 70 (floored from 10), 100 and 100.
    score = _grade([0, 2900, 0, 2900, 4700], [999, 10, 999, 100, 100])
    expected = np.mean(
        [-math.log(math.sqrt(2) * 70)]
        + [-math.sqrt(2) * e / 100 - math.log(math.sqrt(2) * 100) for e in (100, 1000)]
    )
    assert score == pytest.approx(expected)


def test_an_empty_confidence_counts_as_the_floor() -> None:
    fvc = [0, 2900, 0, 2800, 2700]
    assert _grade(fvc, [1, np.nan, 1, 70, 70]) == pytest.approx(-math.log(math.sqrt(2) * 70))


def test_a_missing_row_is_invalid_even_when_it_is_not_scored() -> None:
    submission = pd.DataFrame({"Patient_Week": ["P_2", "P_4", "P_5"], "FVC": 1, "Confidence": 70})
    grade = get_competition("osic-pulmonary-fibrosis-progression").grade_fn
    with pytest.raises(InvalidSubmissionError, match="expected 5"):
        grade(submission, ANSWERS)
