"""icecube-neutrinos-in-deep-ice: mean angle (radians) between predicted and true directions.

As in MLE-bench: exactly the columns event_id, azimuth and zenith (any order), finite
numeric angles, events matched by id once each; each direction becomes a unit vector and
the angle is the arccosine of their dot product (clipped to [-1, 1]), averaged.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, sorted_by_id

COLUMNS = ["event_id", "azimuth", "zenith"]


def mean_angular_error(
    az_true: np.ndarray, zen_true: np.ndarray, az_pred: np.ndarray, zen_pred: np.ndarray
) -> float:
    cosine = np.sin(zen_true) * np.sin(zen_pred) * (
        np.cos(az_true) * np.cos(az_pred) + np.sin(az_true) * np.sin(az_pred)
    ) + np.cos(zen_true) * np.cos(zen_pred)
    return float(np.mean(np.abs(np.arccos(np.clip(cosine, -1, 1)))))


def _angles(submission: pd.DataFrame, column: str) -> np.ndarray:
    if submission[column].dtype.kind not in "iuf":
        raise InvalidSubmissionError(
            f"column {column!r} must hold numbers (radians); found {submission[column].dtype}"
        )
    return numeric_values(submission, column)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if sorted(submission.columns) != sorted(COLUMNS):
        raise InvalidSubmissionError(
            f"columns must be exactly {COLUMNS} (any order); got {list(submission.columns)}"
        )
    submission, answers = sorted_by_id(submission, answers, "event_id")
    return mean_angular_error(
        answers["azimuth"].to_numpy(dtype=float),
        answers["zenith"].to_numpy(dtype=float),
        _angles(submission, "azimuth"),
        _angles(submission, "zenith"),
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
