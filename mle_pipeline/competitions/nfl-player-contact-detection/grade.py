"""nfl-player-contact-detection: Matthews correlation coefficient of ``contact``.

As in MLE-bench: scikit-learn's ``matthews_corrcoef`` of the answers' and the submission's
``contact`` labels, rows matched by ``contact_id``. Labels must be whole numbers (0 or 1 in
practice); fractions or empty cells make scikit-learn fail in MLE-bench and are invalid
here with a reason.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import matthews_corrcoef

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

COLUMNS = ["contact_id", "contact"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "contact_id")
    predicted = numeric_values(submission, "contact")
    if not np.array_equal(predicted, np.round(predicted)):
        raise InvalidSubmissionError("column 'contact' must hold whole-number labels (0 or 1)")
    return float(matthews_corrcoef(answers["contact"].to_numpy(), predicted.astype(np.int64)))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
