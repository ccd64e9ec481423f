"""seti-breakthrough-listen: ROC AUC of the probability that a cadence holds a signal."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="id", target_column="target")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "target"]]
