"""aptos2019-blindness-detection: quadratic weighted kappa (scikit-learn), rows matched by id.

As in MLE-bench, predicted grades are whole numbers used as labels as they are (not clipped
to 0..4). Fractional grades make scikit-learn's kappa fail in MLE-bench; here they are an
invalid submission with a reason.
"""

import pandas as pd

from mle_pipeline.grading.metrics import quadratic_weighted_kappa


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return quadratic_weighted_kappa(submission, answers, "id_code", "diagnosis")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id_code", "diagnosis"]]
