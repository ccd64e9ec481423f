"""hotel-id-2021-fgvc8: MAP@5 of the predicted hotel ids.

As in MLE-bench: rows are matched by ``image``; ``hotel_id`` holds up to five hotel ids
separated by single spaces, best first (only the first five count).
"""

import pandas as pd

from mle_pipeline.grading.metrics import (
    mean_average_precision_at_k,
    require_columns,
    sorted_by_id,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["image", "hotel_id"])
    submission, answers = sorted_by_id(submission, answers, "image")
    actual = [set(cell.split(" ")) for cell in answers["hotel_id"].astype(str)]
    predicted = [cell.split(" ") for cell in submission["hotel_id"].astype(str)]
    return mean_average_precision_at_k(actual, predicted, k=5)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image", "hotel_id"]]
