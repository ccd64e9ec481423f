"""osic-pulmonary-fibrosis-progression: modified Laplace log likelihood of FVC forecasts.

As in MLE-bench: only each test patient's last three measured weeks are scored (the other
rows of the submission are ignored, but every Patient_Week must be one of the answers'); a
prediction's error is capped at 1000 and its confidence floored at 70, and an empty
Confidence counts as 0 (so 70). Rows are matched by Patient_Week. MLE-bench averages over
the scored rows the submission holds (leaving a missing one out) and fails on a repeated
one; here each must appear exactly once, or the submission is invalid with a reason, as it
is with an empty FVC on a scored row (MLE-bench's mean would be NaN).
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


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    _numeric(submission, "FVC")
    _numeric(submission, "Confidence")
    unknown = ~submission["Patient_Week"].isin(answers["Patient_Week"])
    if unknown.any():
        raise InvalidSubmissionError(
            f"{int(unknown.sum())} Patient_Week value(s) are not test rows, "
            f"e.g. {submission['Patient_Week'][unknown].iloc[0]!r}"
        )
    scored = scored_rows(answers)
    chosen = submission[submission["Patient_Week"].isin(scored["Patient_Week"])]
    if len(chosen) != len(scored) or not chosen["Patient_Week"].is_unique:
        raise InvalidSubmissionError(
            f"each of the {len(scored)} scored Patient_Week rows (every patient's last "
            f"{SCORED_WEEKS} measured weeks) must appear exactly once; found {len(chosen)} rows "
            f"for {chosen['Patient_Week'].nunique()} of them"
        )
    chosen = chosen.set_index("Patient_Week").loc[scored["Patient_Week"]]
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
