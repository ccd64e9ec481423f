"""plant-pathology-2020-fgvc7: mean over the four classes of each class's ROC AUC.

As in MLE-bench: the submission's columns must be exactly ``image_id`` and the four
classes, rows are matched by sorted ``image_id``, and scores need not lie in [0, 1]
(ROC AUC only uses their order).
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import mean_binary_auc, numeric_values, require_row_count

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    if set(submission.columns) != {"image_id", *CLASSES}:
        raise InvalidSubmissionError(
            f"submission columns must be exactly {['image_id', *CLASSES]}, "
            f"not {list(submission.columns)}"
        )
    submission = submission.sort_values("image_id").reset_index(drop=True)
    answers = answers.sort_values("image_id").reset_index(drop=True)
    if not (submission["image_id"] == answers["image_id"]).all():
        raise InvalidSubmissionError("submission image_id values must be exactly the test ids")
    columns = [(answers[c].to_numpy(), numeric_values(submission, c)) for c in CLASSES]
    return mean_binary_auc(columns)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id", *CLASSES]].astype({c: float for c in CLASSES})
