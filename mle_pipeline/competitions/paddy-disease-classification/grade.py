"""paddy-disease-classification: accuracy of the predicted disease label.

As in MLE-bench: rows are matched by ``image_id``; an empty label counts as wrong (the
sample submission's labels are all empty).
"""

import pandas as pd
from sklearn.metrics import accuracy_score

from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["image_id", "label"])
    submission, answers = sorted_by_id(submission, answers, "image_id")
    predicted = submission["label"].fillna("").tolist()
    return float(accuracy_score(answers["label"].tolist(), predicted))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id", "label"]]
