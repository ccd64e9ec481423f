"""text-normalization: share of tokens whose normalized text is exactly right.

Predictions and answers are compared as text after pandas' parsing (an empty cell is
``"nan"`` on both sides), as MLE-bench does.
"""

import pandas as pd

from mle_pipeline.grading.metrics import text_accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return text_accuracy(submission, answers, id_column="id", target_column="after")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "after"]]
