"""dogs-vs-cats-redux: binary log loss of the dog probability, rows matched by id.

As in MLE-bench: ``id`` and ``label`` columns, exactly the test ids, labels in [0, 1];
scikit-learn's ``log_loss`` clips predictions to [eps, 1 - eps] (machine epsilon).
"""

import pandas as pd
from sklearn.metrics import log_loss

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, require_row_count


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "label"])
    if set(submission["id"]) != set(answers["id"]):
        raise InvalidSubmissionError("submission ids must be exactly the test ids (1..n)")
    require_row_count(submission, answers)
    predicted = numeric_values(submission, "label")
    if ((predicted < 0) | (predicted > 1)).any():
        raise InvalidSubmissionError("column 'label' holds dog probabilities: values in [0, 1]")
    submission = submission.assign(label=predicted).sort_values("id")
    answers = answers.sort_values("id")
    return float(log_loss(answers["label"].to_numpy(), submission["label"].to_numpy()))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "label"]].astype({"label": float})
