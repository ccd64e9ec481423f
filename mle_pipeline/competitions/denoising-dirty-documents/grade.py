"""denoising-dirty-documents: RMSE between predicted and clean pixel intensities (0..1).

Rows are matched by pixel id after sorting both files, as MLE-bench does.
"""

import pandas as pd
from sklearn.metrics import root_mean_squared_error

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "value"])
    numeric_values(submission, "value")
    submission, answers = sorted_by_id(submission, answers, "id")
    return float(
        root_mean_squared_error(
            answers["value"].to_numpy(dtype=float), numeric_values(submission, "value")
        )
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "value"]]
