"""tgs-salt-identification-challenge: mean over test images of the precision over IoU
thresholds 0.5-0.95 of the predicted salt mask (run-length encoded on 101 x 101 pixels).

As in MLE-bench the submission must have exactly the columns ``id`` and ``rle_mask``; an
empty cell is an empty mask. Rows are matched by id.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    precision_over_iou_thresholds,
    rle_masks,
    rle_text_column,
    sorted_by_id,
)

SIZE = 101
COLUMNS = ["id", "rle_mask"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission.columns) != set(COLUMNS):
        raise InvalidSubmissionError(
            f"submission must have exactly the columns {COLUMNS}; it has {list(submission.columns)}"
        )
    submission, answers = sorted_by_id(submission, answers, "id")
    ids = list(answers["id"])
    predicted = rle_masks(rle_text_column(submission, "rle_mask"), ids, SIZE, SIZE)
    true = rle_masks(rle_text_column(answers, "rle_mask"), ids, SIZE, SIZE, what="answers")
    return float(
        np.mean([precision_over_iou_thresholds(t, p) for t, p in zip(true, predicted, strict=True)])
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS].fillna("")
