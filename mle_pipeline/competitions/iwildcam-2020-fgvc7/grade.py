"""iwildcam-2020-fgvc7: accuracy of the predicted category per image Id (scikit-learn)."""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return accuracy(submission, answers, "Id", "Category")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Category"]]
