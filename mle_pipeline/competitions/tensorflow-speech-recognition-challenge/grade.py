"""tensorflow-speech-recognition-challenge: share of test clips whose label is right."""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return accuracy(submission, answers, id_column="fname", target_column="label")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["fname", "label"]]
