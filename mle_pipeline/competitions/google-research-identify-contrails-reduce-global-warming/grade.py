"""google-research-identify-contrails-reduce-global-warming: global Dice coefficient.

As in MLE-bench: records are matched by ``record_id``; every run-length-encoded mask
(``-`` or nothing for an empty one) is decoded at the answers' height and width, and the
Dice coefficient is taken over all test pixels at once. Runs must be ascending, positive
and non-overlapping; an empty cell is invalid (MLE-bench's decoder requires text).
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    global_dice_of_runs,
    require_columns,
    rle_runs_per_image,
    sorted_by_id,
)

COLUMNS = ["record_id", "encoded_pixels"]


def _encodings(frame: pd.DataFrame) -> list[str]:
    values = frame["encoded_pixels"].tolist()
    for record, value in zip(frame["record_id"], values, strict=True):
        if not isinstance(value, str):
            raise InvalidSubmissionError(
                f"record {record}: encoded_pixels must be text (runs, or '-' for no contrail), "
                f"got {value!r}"
            )
    return ["" if value == "-" else value for value in values]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "record_id")
    ids = answers["record_id"].tolist()
    pixels = (answers["height"].astype(int) * answers["width"].astype(int)).tolist()
    predicted = rle_runs_per_image(_encodings(submission), ids, pixels)
    true = rle_runs_per_image(_encodings(answers), ids, pixels, what="answers")
    return float(global_dice_of_runs(predicted, true))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
