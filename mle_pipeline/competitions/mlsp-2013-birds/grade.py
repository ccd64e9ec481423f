"""mlsp-2013-birds: ROC AUC pooled over every (test recording, species) pair.

Ids are ``rec_id * 100 + species``. Ids written as whole floats (``102.0``) are accepted as
MLE-bench does: the shared ``sorted_by_id`` compares numeric ids as numbers.
"""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="Id", target_column="Probability")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Probability"]]
