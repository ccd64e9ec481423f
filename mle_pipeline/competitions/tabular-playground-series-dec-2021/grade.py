"""tabular-playground-series-dec-2021: accuracy of the predicted Cover_Type."""

import pandas as pd

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
    numeric_values(submission, TARGET)  # MLE-bench crashes on words or NaN: invalid either way
    return accuracy(submission, answers, id_column="Id", target_column=TARGET)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", TARGET]]
