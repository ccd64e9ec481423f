"""tabular-playground-series-dec-2021: accuracy of the predicted Cover_Type."""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    accuracy,
    numeric_values,
    require_columns,
    require_row_count,
)

TARGET = "Cover_Type"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    require_columns(submission, ["Id", TARGET])
    # MLE-bench's accuracy_score fails on words, NaN and fractional values: invalid either way.
    predicted = numeric_values(submission, TARGET)
    if not np.all(predicted == np.round(predicted)):
        raise InvalidSubmissionError(
            f"column {TARGET!r} must hold class labels (whole numbers 1-7), not fractions"
        )
    return accuracy(submission, answers, id_column="Id", target_column=TARGET)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", TARGET]]
