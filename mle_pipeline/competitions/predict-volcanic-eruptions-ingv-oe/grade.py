"""predict-volcanic-eruptions-ingv-oe: mean absolute error of time_to_eruption, rounded to
a whole number as MLE-bench does.

Segments are matched by id, once each. MLE-bench only compares the sets of ids, so a
repeated id is scored there (it joins once per repeat); here it is invalid.
"""

import pandas as pd
from sklearn.metrics import mean_absolute_error

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

COLUMNS = ["segment_id", "time_to_eruption"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "segment_id")
    predicted = numeric_values(submission, "time_to_eruption")
    return float(round(mean_absolute_error(answers["time_to_eruption"].to_numpy(), predicted)))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
