"""bms-molecular-translation: mean Levenshtein distance between predicted and true InChI.

As MLE-bench: ``image_id`` and ``InChI`` columns, exactly the test ids (matched by value,
once each), each prediction taken as text. An empty prediction is invalid, with a reason:
MLE-bench fails on it under pandas 3 (under pandas 2 it scored the text ``nan``).
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import mean_levenshtein, require_columns, sorted_by_id

COLUMNS = ["image_id", "InChI"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "image_id")
    empty = int(submission["InChI"].isna().sum())
    if empty:
        raise InvalidSubmissionError(
            f"column 'InChI' has {empty} empty prediction(s); predict a string for every image"
        )
    return mean_levenshtein(
        submission["InChI"].astype(str).tolist(), answers["InChI"].astype(str).tolist()
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
