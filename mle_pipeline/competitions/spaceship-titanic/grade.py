"""spaceship-titanic: accuracy of the predicted Transported flag."""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return accuracy(submission, answers, id_column="PassengerId", target_column="Transported")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["PassengerId", "Transported"]]
