"""playground-series-s3e18: ROC AUC of EC1 and of EC2, averaged (scikit-learn's macro)."""

import pandas as pd

from mle_pipeline.grading.metrics import mean_column_auroc

TARGETS = ["EC1", "EC2"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return mean_column_auroc(submission, answers, id_column="id", targets=TARGETS)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *TARGETS]]
