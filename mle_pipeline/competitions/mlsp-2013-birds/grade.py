"""mlsp-2013-birds: ROC AUC pooled over every (test recording, species) pair.

Ids are ``rec_id * 100 + species``. Ids written as whole floats (``102.0``) are accepted as
MLE-bench does (it compares ids numerically).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.metrics import auroc


def _integral_ids(submission: pd.DataFrame) -> pd.DataFrame:
    ids = submission.get("Id")
    if ids is not None and pd.api.types.is_float_dtype(ids):
        values = ids.to_numpy()
        if np.isfinite(values).all() and (values == np.round(values)).all():
            return submission.assign(Id=values.astype(np.int64))
    return submission


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(_integral_ids(submission), answers, id_column="Id", target_column="Probability")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Probability"]]
