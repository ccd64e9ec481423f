"""cdiscount-image-classification-challenge: accuracy of the predicted category per product.

As in MLE-bench: one row per test ``_id``, matched by id, scored with scikit-learn's
accuracy. Categories are whole numbers; text, fractional or empty ones are invalid with a
reason (scikit-learn fails on them in MLE-bench).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import accuracy, numeric_values, require_columns

COLUMNS = ["_id", "category_id"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    labels = numeric_values(submission, "category_id")
    if not np.array_equal(labels, np.round(labels)):
        raise InvalidSubmissionError("column 'category_id' must hold whole-number category ids")
    return accuracy(submission, answers, "_id", "category_id")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
