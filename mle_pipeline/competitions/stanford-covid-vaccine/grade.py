"""stanford-covid-vaccine: MCRMSE, the mean over reactivity, deg_Mg_pH10 and deg_Mg_50C of
each column's RMSE on the scored bases (answers' ``keep``).

As MLE-bench (whose config names the grader multi-class-log-loss; its code computes this):
the submission needs ``id_seqpos`` and all five target columns, one row per test base.
Bases are matched by ``id_seqpos`` value, once each. MLE-bench picks the scored rows of the
submission by row label rather than by id, so its score is right only for a submission in
the answers' row order; here any order scores the same. The two unscored columns must hold
numbers too (Kaggle's rule), where MLE-bench ignores their contents.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import root_mean_squared_error

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

ID = "id_seqpos"
SCORED = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, *TARGETS])
    for column in TARGETS:
        numeric_values(submission, column)
    submission, answers = sorted_by_id(submission, answers, ID)
    keep = answers["keep"].to_numpy(dtype=bool)
    errors = [
        root_mean_squared_error(
            answers[column].to_numpy(dtype=float)[keep], numeric_values(submission, column)[keep]
        )
        for column in SCORED
    ]
    return float(np.mean(errors))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, *TARGETS]]
