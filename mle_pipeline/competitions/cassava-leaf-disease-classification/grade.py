"""cassava-leaf-disease-classification: share of test images given the right class (0-4).

As in MLE-bench: rows are matched by ``image_id`` and labels compared as they are.
"""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy, numeric_values


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if "label" in submission.columns:
        numeric_values(submission, "label")  # words or empty cells: invalid, with a reason
    return accuracy(submission, answers, "image_id", "label")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id", "label"]]
