"""dog-breed-identification: multi-class log loss over the 120 breeds, rows matched by id.

Checks follow MLE-bench: every breed column and ``id`` present (extra columns are ignored),
one row per test id, each row's probabilities in [0, 1] summing to one within 1e-6; no
softmax or renormalisation is applied before scikit-learn's log loss.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    numeric_values,
    require_columns,
    require_row_count,
    sorted_by_id,
)

from .breeds import BREEDS


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", *BREEDS])
    require_row_count(submission, answers)
    values = pd.DataFrame(
        {breed: numeric_values(submission, breed) for breed in BREEDS}, index=submission.index
    )
    if not np.all(np.isclose(values.sum(axis=1), 1, atol=1e-6)):
        raise InvalidSubmissionError("each row's breed probabilities must sum to one")
    if not ((values >= 0) & (values <= 1)).all().all():
        raise InvalidSubmissionError("breed probabilities must lie in [0, 1]")
    predicted = pd.concat([submission[["id"]], values], axis=1)
    predicted, answers = sorted_by_id(predicted, answers, "id")
    return float(log_loss(answers[BREEDS].to_numpy(), predicted[BREEDS].to_numpy()))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *BREEDS]].astype({breed: float for breed in BREEDS})
