"""ml2021spring-hw2: accuracy of the predicted phoneme class per frame."""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return accuracy(submission, answers, id_column="Id", target_column="ClassId")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "ClassId"]]
