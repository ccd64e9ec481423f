"""the-icml-2013-whale-challenge-right-whale-redux: ROC AUC of the per-clip probabilities."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="clip", target_column="probability")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["clip", "probability"]]
