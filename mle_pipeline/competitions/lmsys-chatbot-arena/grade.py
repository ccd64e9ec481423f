"""lmsys-chatbot-arena: multi-class log loss over the three outcomes (scikit-learn).

MLE-bench's checks, with reasons: the id and three probability columns (others are
ignored), one row per test id, every value in [0, 1], every row summing to 1 when rounded
to 6 decimals. Rows are matched by id; the columns by name.
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

CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", *CLASSES])
    require_row_count(submission, answers)
    values = np.column_stack([numeric_values(submission, c) for c in CLASSES])
    if ((values < 0) | (values > 1)).any():
        raise InvalidSubmissionError(f"every value of {CLASSES} must lie in [0, 1]")
    sums = pd.Series(values.sum(axis=1)).round(6)
    if not sums.eq(1).all():
        bad = int((~sums.eq(1)).sum())
        raise InvalidSubmissionError(
            f"each row's three probabilities must sum to 1 (to 6 decimals); {bad} row(s) do not"
        )
    submission = submission[["id"]].assign(**dict(zip(CLASSES, values.T, strict=True)))
    submission, answers = sorted_by_id(submission, answers, "id")
    return float(log_loss(answers[CLASSES].to_numpy(), submission[CLASSES].to_numpy()))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *CLASSES]].astype({c: float for c in CLASSES})
