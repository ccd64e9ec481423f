"""jigsaw-toxic-comment: ROC AUC of each of the six labels, averaged (sklearn's macro mean).

Rows whose answers are -1 (Kaggle did not score them) are left out, as MLE-bench does.
Unlike MLE-bench, label columns are matched by name, not position, and ids must match.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    mean_binary_auc,
    numeric_values,
    require_columns,
    sorted_by_id,
)

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", *CLASSES])
    extra = [c for c in submission.columns if c not in ["id", *CLASSES]]
    if extra:
        raise InvalidSubmissionError(
            f"submission has unexpected column(s) {extra}; expected only 'id' and {CLASSES}"
        )
    # A non-numeric column is reported before the ids.
    scores = {c: numeric_values(submission, c) for c in CLASSES}
    in_order, answers = sorted_by_id(submission, answers, "id")
    if in_order is not submission:  # sorted: the scores follow the new order
        scores = {c: numeric_values(in_order, c) for c in CLASSES}
    labels = {c: answers[c].to_numpy() for c in CLASSES}  # no 2-D copy of the six columns
    scored = sum(labels.values()) >= 0
    if scored.all():
        return mean_binary_auc([(labels[c], scores[c]) for c in CLASSES])
    rows = np.flatnonzero(scored)  # take() with row numbers beats a boolean mask several times
    return mean_binary_auc([(labels[c].take(rows), scores[c].take(rows)) for c in CLASSES])


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    # Unscored rows (-1) become 0; they do not count either way.
    gold = answers[["id", *CLASSES]].copy()
    gold[CLASSES] = gold[CLASSES].clip(lower=0).astype(float)
    return gold
