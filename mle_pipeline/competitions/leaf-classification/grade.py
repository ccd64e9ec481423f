"""leaf-classification: multi-class log loss over the 99 species.

Rows must be probabilities summing to one (within 1e-6); they are passed to scikit-learn's
``log_loss`` as they are (no softmax), as in MLE-bench; scikit-learn clips them to
[eps, 1 - eps].
"""

import pandas as pd

from mle_pipeline.grading.metrics import one_hot_log_loss

from .species import SPECIES


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return one_hot_log_loss(submission, answers, id_column="id", classes=SPECIES)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *SPECIES]].astype({name: float for name in SPECIES})
