"""new-york-city-taxi-fare-prediction: root mean squared error of the predicted fares.

As in MLE-bench, both files are sorted by key before comparing. Unlike MLE-bench (which
scores any equally long file), the keys must be exactly the test keys, once each.
"""

import pandas as pd
from sklearn.metrics import root_mean_squared_error

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["key", "fare_amount"])
    submission, answers = sorted_by_id(submission, answers, "key")
    predicted = numeric_values(submission, "fare_amount")
    return float(root_mean_squared_error(answers["fare_amount"].to_numpy(), predicted))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["key", "fare_amount"]]
