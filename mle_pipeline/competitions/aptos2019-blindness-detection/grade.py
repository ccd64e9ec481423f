"""aptos2019-blindness-detection: quadratic weighted kappa (scikit-learn), rows matched by id.

As in MLE-bench, predicted grades are whole numbers used as labels as they are (not clipped
to 0..4). Fractional grades make scikit-learn's kappa fail in MLE-bench; here they are an
invalid submission with a reason.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    numeric_values,
    require_columns,
    require_row_count,
    sorted_by_id,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id_code", "diagnosis"])
    require_row_count(submission, answers)
    grades = numeric_values(submission, "diagnosis")
    if not np.array_equal(grades, np.round(grades)):
        raise InvalidSubmissionError("column 'diagnosis' must hold whole grades (0 to 4)")
    submission, answers = sorted_by_id(submission, answers, "id_code")
    return float(
        cohen_kappa_score(
            submission["diagnosis"].to_numpy(), answers["diagnosis"].to_numpy(), weights="quadratic"
        )
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id_code", "diagnosis"]]
