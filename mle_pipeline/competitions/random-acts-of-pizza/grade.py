"""random-acts-of-pizza: ROC AUC of the probability that a request received a pizza."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc

ID, TARGET = "request_id", "requester_received_pizza"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column=ID, target_column=TARGET)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, TARGET]]
