"""plant-seedlings-classification: micro-averaged F1 of the predicted species.

For one label per photo micro F1 is accuracy; scikit-learn's ``f1_score`` is used as in
MLE-bench so the figures agree to the last digit. An empty prediction counts as wrong, as
there.
"""

import pandas as pd
from sklearn.metrics import f1_score

from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["file", "species"])
    submission, answers = sorted_by_id(submission, answers, "file")
    return float(
        f1_score(answers["species"].tolist(), submission["species"].tolist(), average="micro")
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["file", "species"]]
