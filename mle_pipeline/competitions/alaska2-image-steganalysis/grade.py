"""alaska2-image-steganalysis: weighted ROC AUC, the band of TPR below 0.4 counting double.

The ROC curve (scikit-learn's ``roc_curve``) is taken as a piecewise-linear curve; for each
TPR band [lo, hi] the area between the curve clipped to the band and the band's floor is
integrated over FPR (the points where the curve crosses 0.4 are added, interpolated), and the
weighted areas are divided by the total weighted band area, as MLE-bench does.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import roc_curve

from mle_pipeline.grading.metrics import numeric_values, require_columns, sorted_by_id

LEVELS = (0.0, 0.4, 1.0)
WEIGHTS = (2.0, 1.0)


def _with_crossings(fpr: np.ndarray, tpr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [fpr[0]], [tpr[0]]
    for x0, y0, x1, y1 in zip(fpr[:-1], tpr[:-1], fpr[1:], tpr[1:], strict=True):
        for level in LEVELS:
            if y0 < level < y1:
                xs.append(x0 + (x1 - x0) * (level - y0) / (y1 - y0))
                ys.append(level)
        xs.append(x1)
        ys.append(y1)
    return np.array(xs), np.array(ys)


def weighted_auc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=1)
    xs, ys = _with_crossings(fpr, tpr)
    total = 0.0
    for lo, hi, weight in zip(LEVELS[:-1], LEVELS[1:], WEIGHTS, strict=True):
        band = np.clip(ys, lo, hi) - lo
        total += weight * float(np.sum((xs[1:] - xs[:-1]) * (band[1:] + band[:-1]) / 2))
        total += weight * (1.0 - xs[-1]) * (hi - lo if ys[-1] >= hi else band[-1])
    norm = sum(w * (hi - lo) for lo, hi, w in zip(LEVELS[:-1], LEVELS[1:], WEIGHTS, strict=True))
    return total / norm


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["Id", "Label"])
    scores = numeric_values(submission, "Label")
    submission = submission[["Id"]].assign(Label=scores)
    submission, answers = sorted_by_id(submission, answers, "Id")
    return weighted_auc(
        answers["Label"].to_numpy(dtype=float), submission["Label"].to_numpy(dtype=float)
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Label"]].astype({"Label": float})
