"""invasive-species-monitoring: ROC AUC of the predicted probability of invasive hydrangea."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="name", target_column="invasive")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["name", "invasive"]]
