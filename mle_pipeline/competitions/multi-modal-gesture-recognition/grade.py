"""multi-modal-gesture-recognition: summed edit distance over true gesture count.

As in MLE-bench: each row's Sequence (as text, whitespace-separated) is a list of whole
numbers; the score is the sum over test ids of the Levenshtein distance between the true
and predicted lists (insert, delete or substitute a gesture: 1 each) divided by the number
of true gestures. Ids are matched by value, once each. A cell that is not whole numbers
(an empty cell reads as "nan") makes the submission invalid, as in MLE-bench.
"""

import pandas as pd
from rapidfuzz.distance import Levenshtein

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, require_row_count, sorted_by_id

COLUMNS = ["Id", "Sequence"]


def _gestures(column: pd.Series, what: str) -> list[list[int]]:
    sequences = []
    for row, text in enumerate(column.astype(str)):
        try:
            sequences.append([int(token) for token in text.split()])
        except ValueError:
            raise InvalidSubmissionError(
                f"{what} row {row}: Sequence must be whole gesture numbers separated by "
                f"spaces; found {text!r}"
            ) from None
    return sequences


def edit_distance_rate(truth: list[list[int]], predicted: list[list[int]]) -> float:
    distances = sum(Levenshtein.distance(t, p) for t, p in zip(truth, predicted, strict=True))
    return distances / sum(len(t) for t in truth)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "Id")
    truth = _gestures(answers["Sequence"], "answers")
    return edit_distance_rate(truth, _gestures(submission["Sequence"], "submission"))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
