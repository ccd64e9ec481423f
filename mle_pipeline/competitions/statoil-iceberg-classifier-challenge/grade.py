"""statoil-iceberg-classifier-challenge: binary log loss of the iceberg probability.

As in MLE-bench: ``id`` and ``is_iceberg`` columns, exactly the test ids, probabilities in
[0, 1], rows matched by id; scikit-learn's ``log_loss`` clips to machine epsilon.
"""

import pandas as pd
from sklearn.metrics import log_loss

from mle_pipeline.grading.metrics import probabilities, require_columns, sorted_by_id

TARGET = "is_iceberg"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", TARGET])
    probabilities(submission, TARGET)
    submission, answers = sorted_by_id(submission, answers, "id")
    return float(log_loss(answers[TARGET].to_numpy(), probabilities(submission, TARGET)))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", TARGET]].astype({TARGET: float})
