"""aerial-cactus-identification: ROC AUC of the cactus probability, rows matched by id."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="id", target_column="has_cactus")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "has_cactus"]].astype({"has_cactus": float})
