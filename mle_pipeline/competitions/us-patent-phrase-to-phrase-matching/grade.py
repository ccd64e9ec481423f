"""us-patent-phrase-to-phrase-matching: Pearson correlation of predicted and true scores.

Constant predictions (the all-zero sample submission among them) have no defined
correlation: MLE-bench reports NaN for them, here they are invalid with that reason.
"""

import numpy as np
import pandas as pd
from scipy.stats import pearsonr

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "score"])
    numeric_values(submission, "score")
    submission, answers = sorted_by_id(submission, answers, "id")
    predicted = numeric_values(submission, "score")
    if np.all(predicted == predicted[0]):
        raise InvalidSubmissionError(
            "every predicted score is the same, so the Pearson correlation is undefined "
            "(MLE-bench scores this NaN)"
        )
    return float(pearsonr(answers["score"].to_numpy(dtype=float), predicted)[0])


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "score"]]
