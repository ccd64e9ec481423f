"""champs-scalar-coupling: mean over coupling types of the log of the mean absolute error.

As MLE-bench: ``id`` and ``scalar_coupling_constant`` columns, exactly the test ids; each
type's MAE is computed, its natural log taken, and the logs averaged. Unlike MLE-bench
(which merges on id), a duplicated id is invalid with a reason; and, as Kaggle's metric
does, each type's MAE is floored at 1e-9, so an exact type scores log(1e-9) = -20.72
rather than MLE-bench's -inf (which makes every perfect submission tie).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

TARGET = "scalar_coupling_constant"
MAE_FLOOR = 1e-9  # Kaggle's


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", TARGET])
    numeric_values(submission, TARGET)
    submission, answers = sorted_by_id(submission, answers, "id")
    errors = np.abs(answers[TARGET].to_numpy(dtype=float) - numeric_values(submission, TARGET))
    by_type = pd.Series(errors).groupby(answers["type"].to_numpy()).mean()
    return float(np.mean(np.log(np.maximum(by_type.to_numpy(), MAE_FLOOR))))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", TARGET]]
