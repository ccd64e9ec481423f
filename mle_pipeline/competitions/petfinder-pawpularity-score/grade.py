"""petfinder-pawpularity-score: root mean squared error of the predicted Pawpularity.

As in MLE-bench: rows are matched by ``Id`` and every prediction must lie in [1, 100].
"""

import pandas as pd
from sklearn.metrics import root_mean_squared_error

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["Id", "Pawpularity"])
    submission, answers = sorted_by_id(submission, answers, "Id")
    predicted = numeric_values(submission, "Pawpularity")
    outside = int(((predicted < 1) | (predicted > 100)).sum())
    if outside:
        raise InvalidSubmissionError(
            f"Pawpularity must lie between 1 and 100; {outside} prediction(s) do not"
        )
    return float(root_mean_squared_error(answers["Pawpularity"].to_numpy(), predicted))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Pawpularity"]]
