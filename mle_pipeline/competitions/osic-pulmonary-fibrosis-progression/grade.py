"""osic-pulmonary-fibrosis-progression: modified Laplace log likelihood of FVC forecasts.

As in MLE-bench: only each test patient's last three measured weeks are scored (the other
rows of the submission are ignored, but every Patient_Week must be one of the answers'); a
prediction's error is capped at 1000 and its confidence floored at 70, and an empty
Confidence counts as 0 (so 70). Rows are matched by Patient_Week. MLE-bench accepts any
subset of the rows, averaging over the scored ones present, and fails on a repeated scored
one; here every row of the sample submission must appear exactly once, or the submission is
invalid with a reason, as it is with an empty FVC on a scored row (MLE-bench's mean would
be NaN).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns

COLUMNS = ["Patient_Week", "FVC", "Confidence"]
SCORED_WEEKS = 3


def laplace_log_likelihood(fvc: np.ndarray, predicted: np.ndarray, confidence: np.ndarray) -> float:
    """Mean of -sqrt(2) * min(|error|, 1000) / max(sigma, 70) - ln(sqrt(2) * max(sigma, 70))."""
    sigma = np.maximum(confidence, 70)
    error = np.minimum(np.abs(fvc - predicted), 1000)
    return float(np.mean(-np.sqrt(2) * error / sigma - np.log(np.sqrt(2) * sigma)))


def scored_rows(answers: pd.DataFrame) -> pd.DataFrame:
    """Each patient's last three weeks with a measured FVC."""
    measured = answers.dropna(subset=["FVC"])
    week = measured["Patient_Week"].str.rsplit("_", n=1).str[-1].astype(int)
    return measured.assign(week=week).sort_values("week").groupby("Patient").tail(SCORED_WEEKS)


def _numeric(submission: pd.DataFrame, column: str) -> None:
    if not pd.api.types.is_numeric_dtype(submission[column]):
        raise InvalidSubmissionError(f"column {column!r} must be numeric")


def _require_every_row_once(submission: pd.DataFrame, answers: pd.DataFrame) -> None:
    """One row per Patient_Week of the answers (the sample submission's rows), no other."""
    weeks = submission["Patient_Week"]
    unknown = ~weeks.isin(answers["Patient_Week"])
    if unknown.any():
        raise InvalidSubmissionError(
            f"{int(unknown.sum())} Patient_Week value(s) are not test rows, "
            f"e.g. {weeks[unknown].iloc[0]!r}"
        )
    if not weeks.is_unique:
        raise InvalidSubmissionError(
            f"Patient_Week {weeks[weeks.duplicated()].iloc[0]!r} appears more than once"
        )
    if len(weeks) != len(answers):
        raise InvalidSubmissionError(
            f"submission has {len(weeks)} rows, expected {len(answers)}: one per Patient_Week "
            "of sample_submission.csv"
        )


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    _numeric(submission, "FVC")
    _numeric(submission, "Confidence")
    _require_every_row_once(submission, answers)
    scored = scored_rows(answers)
    chosen = submission.set_index("Patient_Week").loc[scored["Patient_Week"]]
    predicted = chosen["FVC"].to_numpy(dtype=float)
    if np.isnan(predicted).any():
        raise InvalidSubmissionError(
            f"{int(np.isnan(predicted).sum())} scored row(s) have an empty FVC prediction"
        )
    confidence = chosen["Confidence"].fillna(0).to_numpy(dtype=float)
    return laplace_log_likelihood(scored["FVC"].to_numpy(dtype=float), predicted, confidence)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """The measured FVC (2000 where none was measured) with the most confident sigma, 70."""
    return answers[["Patient_Week"]].assign(FVC=answers["FVC"].fillna(2000), Confidence=70)
