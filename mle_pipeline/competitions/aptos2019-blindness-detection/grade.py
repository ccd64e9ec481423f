"""aptos2019-blindness-detection: quadratic weighted kappa (scikit-learn), rows matched by id.

As in MLE-bench, predictions are used as given: any numeric value counts as a label, so a
non-integer grade such as 1.5 becomes a class of its own rather than being rounded.
"""

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from mle_pipeline.grading.metrics import (
    numeric_values,
    require_columns,
    require_row_count,
    sorted_by_id,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id_code", "diagnosis"])
    require_row_count(submission, answers)
    numeric_values(submission, "diagnosis")
    submission, answers = sorted_by_id(submission, answers, "id_code")
    return float(
        cohen_kappa_score(
            submission["diagnosis"].to_numpy(), answers["diagnosis"].to_numpy(), weights="quadratic"
        )
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id_code", "diagnosis"]]
