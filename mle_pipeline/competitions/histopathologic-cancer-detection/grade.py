"""histopathologic-cancer-detection: ROC AUC of the tumour probability, rows matched by id."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="id", target_column="label")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "label"]].astype({"label": float})
