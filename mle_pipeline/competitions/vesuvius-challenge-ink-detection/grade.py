"""vesuvius-challenge-ink-detection: pixel-wise F0.5 of the ink mask, averaged over test
fragments (one, ``a``, in MLE-bench's split).

Masks are run-length encoded over the fragment's pixels numbered row by row (left to
right, then top to bottom), 1-indexed, as ``start length`` pairs. F0.5 is computed from
the runs (true positives are the runs' intersection), so a fragment's tens of millions of
pixels are never materialised; with no predicted and no true ink it is 0, as
scikit-learn's ``fbeta_score``. Rows are matched by Id. As in MLE-bench, the submission
must have exactly the columns Id and Predicted and every Predicted must be text.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    require_columns,
    rle_runs_per_image,
    runs_area,
    runs_intersection,
    sorted_by_id,
)

COLUMNS = ["Id", "Predicted"]
BETA = 0.5


def f_beta(true_positives: int, predicted: int, true: int, beta: float = BETA) -> float:
    """F-beta from counts; 0 where precision or recall is undefined or both are 0."""
    if true_positives == 0:
        return 0.0
    precision, recall = true_positives / predicted, true_positives / true
    return float((1 + beta**2) * precision * recall / (beta**2 * precision + recall))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    if len(submission.columns) != len(COLUMNS):
        raise InvalidSubmissionError(
            f"submission must have exactly the columns {COLUMNS}; it has {list(submission.columns)}"
        )
    submission, answers = sorted_by_id(submission, answers, "Id")
    predicted = submission["Predicted"].tolist()
    not_text = [i for i, value in enumerate(predicted) if not isinstance(value, str)]
    if not_text:
        raise InvalidSubmissionError(
            f"column 'Predicted' must hold run-length encodings as text; row {not_text[0]} holds "
            f"{predicted[not_text[0]]!r} (an empty cell is not an empty mask here)"
        )
    ids = answers["Id"].tolist()
    n_pixels = (answers["width"].astype(int) * answers["height"].astype(int)).tolist()
    ours = rle_runs_per_image(predicted, ids, n_pixels)
    truth = rle_runs_per_image(answers["Predicted"].tolist(), ids, n_pixels, what="answers")
    scores = [
        f_beta(runs_intersection(p, t), runs_area(p), runs_area(t))
        for p, t in zip(ours, truth, strict=True)
    ]
    return float(np.mean(scores))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
