"""rsna-2022-cervical-spine-fracture-detection: the competition's weighted log loss.

Per study, the binary log losses of its eight predictions (``patient_overall``, ``C1`` ..
``C7``; probabilities clipped to [1e-15, 1 - 1e-15]) are averaged with weights 7 (overall)
and 1 (each vertebra) for negative labels, doubled for positive ones; the score is the mean
over studies. Rows are matched by row_id (``<StudyInstanceUID>_<prediction_type>``).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.metrics import probabilities, require_columns, sorted_by_id

TYPES = ["patient_overall", *(f"C{i}" for i in range(1, 8))]
NEGATIVE_WEIGHTS = np.array([7, 1, 1, 1, 1, 1, 1, 1], dtype=np.float32)
POSITIVE_WEIGHTS = 2 * NEGATIVE_WEIGHTS
EPSILON = 1e-15


def _by_study(frame: pd.DataFrame, values: np.ndarray) -> np.ndarray:
    """Values as a (study, prediction type) matrix: studies sorted, types in TYPES order."""
    study, kind = frame["StudyInstanceUID"].to_numpy(), frame["prediction_type"].to_numpy()
    table = pd.Series(values, index=pd.MultiIndex.from_arrays([study, kind])).unstack()
    return table.sort_index()[TYPES].to_numpy()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["row_id", "fractured"])
    probabilities(submission, "fractured")
    submission, answers = sorted_by_id(submission, answers, "row_id")
    y_true = _by_study(answers, answers["fractured"].to_numpy())
    y_pred = np.clip(
        _by_study(answers, probabilities(submission, "fractured")), EPSILON, 1 - EPSILON
    )
    loss = -(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))
    weights = y_true * POSITIVE_WEIGHTS + (1 - y_true) * NEGATIVE_WEIGHTS
    per_study = (loss * weights).sum(axis=1) / weights.sum(axis=1)
    return float(np.mean(per_study))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["row_id", "fractured"]].astype({"fractured": float})
