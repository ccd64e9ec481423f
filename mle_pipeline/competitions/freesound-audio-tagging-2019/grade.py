"""freesound-audio-tagging-2019: label-weighted label-ranking average precision (lwlrap).

As in MLE-bench: the columns must be ``fname`` then the 80 classes in the answers' order;
clips are matched by ``fname``; lwlrap is scikit-learn's label-ranking average precision
with each clip weighted by its number of true labels (clips without labels left out).
"""

import numpy as np
import pandas as pd
from sklearn.metrics import label_ranking_average_precision_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_row_count, sorted_by_id


def lwlrap(truth: np.ndarray, scores: np.ndarray) -> float:
    weights = (truth > 0).sum(axis=1)
    rows = np.flatnonzero(weights > 0)
    return float(
        label_ranking_average_precision_score(
            truth[rows] > 0, scores[rows], sample_weight=weights[rows]
        )
    )


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    expected = list(answers.columns)
    if list(submission.columns) != expected:
        raise InvalidSubmissionError(
            f"columns must be fname then the {len(expected) - 1} classes in "
            f"sample_submission.csv's order; got {len(submission.columns)} columns starting "
            f"{list(submission.columns[:3])}"
        )
    submission, answers = sorted_by_id(submission, answers, "fname")
    classes = expected[1:]
    scores = np.column_stack([numeric_values(submission, c) for c in classes])
    return lwlrap(answers[classes].to_numpy(dtype=float), scores)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers
