"""google-quest-challenge: Spearman's rank correlation of each of the 30 ratings, averaged.

scipy's ``spearmanr`` (ties get average ranks), as in MLE-bench. MLE-bench requires exactly
qa_id and the 30 rating columns and pairs rows after sorting both files by qa_id without
comparing the ids; here the ids must match. A constant or non-finite prediction column has
no defined correlation (MLE-bench scores the whole submission NaN): invalid with a reason.
"""

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

from .targets import ID, TARGETS


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, *TARGETS])
    if len(submission.columns) != len(TARGETS) + 1:
        extra = [c for c in submission.columns if c not in [ID, *TARGETS]]
        raise InvalidSubmissionError(
            f"submission has extra column(s) {extra}; expected only {ID!r} and the 30 ratings"
        )
    for column in TARGETS:
        numeric_values(submission, column)
    submission, answers = sorted_by_id(submission, answers, ID)
    correlations = []
    for column in TARGETS:
        predicted = numeric_values(submission, column)
        if np.all(predicted == predicted[0]):
            raise InvalidSubmissionError(
                f"column {column!r} is constant, so its Spearman correlation is undefined "
                "(MLE-bench scores such a submission NaN)"
            )
        correlations.append(spearmanr(predicted, answers[column].to_numpy()).correlation)
    return float(np.mean(correlations))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, *TARGETS]]
