"""ventilator-pressure-prediction: mean absolute error over the inspiratory steps.

Only rows whose answer has u_out == 0 are scored (Kaggle: the expiratory phase is not); the
submission still needs one row per test id, and its other rows are not read. Scored rows
must hold finite numbers.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "pressure"])
    submission, answers = sorted_by_id(submission, answers, "id")
    scored = np.flatnonzero(answers["u_out"].to_numpy() == 0)
    try:
        predicted = pd.to_numeric(submission["pressure"].iloc[scored]).to_numpy(dtype=float)
    except (ValueError, TypeError) as err:
        raise InvalidSubmissionError(f"column 'pressure' must be numeric ({err})") from None
    if not np.isfinite(predicted).all():
        bad = int((~np.isfinite(predicted)).sum())
        raise InvalidSubmissionError(
            f"column 'pressure' has {bad} missing or infinite value(s) on scored (u_out == 0) rows"
        )
    return float(mean_absolute_error(answers["pressure"].to_numpy()[scored], predicted))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "pressure"]]
