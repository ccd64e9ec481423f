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
    scores = np.column_stack([numeric_values(submission, c) for c in CLASSES])
    submission = submission[["id"]].assign(**dict(zip(CLASSES, scores.T, strict=True)))
    submission, answers = sorted_by_id(submission, answers, "id")
    labels = answers[CLASSES].to_numpy()
    scored = labels.sum(axis=1) >= 0
    return mean_binary_auc(
        [(labels[scored, i], submission[c].to_numpy()[scored]) for i, c in enumerate(CLASSES)]
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    # Unscored rows (-1) become 0; they do not count either way.
    gold = answers[["id", *CLASSES]].copy()
    gold[CLASSES] = gold[CLASSES].clip(lower=0).astype(float)
    return gold
