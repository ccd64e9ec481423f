"""rsna-miccai-brain-tumor-radiogenomic-classification: ROC AUC of the MGMT promoter
methylation probability, patients matched by BraTS21ID (numbers: ``12`` matches ``00012``,
as in MLE-bench, whose pandas reads both as integers)."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc

COLUMNS = ["BraTS21ID", "MGMT_value"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="BraTS21ID", target_column="MGMT_value")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS].astype({"MGMT_value": float})
