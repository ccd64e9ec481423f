"""ranzcr-clip: mean over the 9 graded labels of each label's ROC AUC, rows matched by id.

As in MLE-bench, 'CVC - Normal' and 'Swan Ganz Catheter Present' are not graded (nor needed
in the submission); each graded column must hold probabilities in [0, 1].
"""

import pandas as pd

from mle_pipeline.grading.metrics import mean_column_auroc

from .labels import GRADED


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return mean_column_auroc(submission, answers, id_column="StudyInstanceUID", targets=GRADED)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["StudyInstanceUID", *GRADED]].astype({c: float for c in GRADED})
