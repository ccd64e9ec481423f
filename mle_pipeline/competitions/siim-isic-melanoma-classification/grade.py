"""siim-isic-melanoma: ROC AUC of the melanoma probability, rows matched by image_name."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="image_name", target_column="target")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_name", "target"]].astype({"target": float})
