"""spooky-author-identification: multi-class log loss over the three authors."""

import pandas as pd

from mle_pipeline.grading.metrics import one_hot_log_loss

CLASSES = ["EAP", "HPL", "MWS"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return one_hot_log_loss(submission, answers, id_column="id", classes=CLASSES)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *CLASSES]].astype({c: float for c in CLASSES})
