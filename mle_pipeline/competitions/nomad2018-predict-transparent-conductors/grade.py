"""nomad2018: mean over the two targets of the root mean squared log error.

As in MLE-bench, rows are compared in file order (no sorting by id), so scores match
its scores; unlike it, a submission whose ids are not exactly the test ids is invalid.
Ids written as floats (``3.0``) match integer ids, as numbers.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import root_mean_squared_log_error

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    ids_compare_as_numbers,
    numeric_values,
    require_columns,
    require_row_count,
)

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
ROW_ORDER_MATTERS = True  # rows pair up in file order, as in MLE-bench


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", *TARGETS])
    require_row_count(submission, answers)
    sub_ids, ans_ids = submission["id"], answers["id"]
    if not ids_compare_as_numbers(sub_ids.to_numpy(), ans_ids.to_numpy()):
        sub_ids, ans_ids = sub_ids.astype(str), ans_ids.astype(str)
    if set(sub_ids) != set(ans_ids) or sub_ids.duplicated().any():
        raise InvalidSubmissionError("submission ids must be exactly the test ids, once each")
    errors = []
    for target in TARGETS:
        predicted = numeric_values(submission, target)
        if (predicted <= -1).any():
            raise InvalidSubmissionError(f"column {target!r} must be greater than -1 for RMSLE")
        errors.append(root_mean_squared_log_error(answers[target].to_numpy(), predicted))
    return float(np.mean(errors))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *TARGETS]]
