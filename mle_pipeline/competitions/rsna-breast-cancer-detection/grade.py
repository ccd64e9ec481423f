"""rsna-breast-cancer-detection: probabilistic F1 (Kaggle's ``pfbeta`` with beta 1) of the
cancer probability per prediction_id (``<patient_id>_<laterality>``).

Predictions are clipped to [0, 1]; the probabilistic counts are the predictions' sums over
true and false cases. Rows are matched by prediction_id, once each. Where the metric is
undefined (every prediction 0, so precision is 0 / 0) the submission is invalid, as the
division fails in MLE-bench; a missing prediction is invalid here (MLE-bench scores it 0).
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def probabilistic_f1(labels: np.ndarray, predictions: np.ndarray) -> float:
    predictions = np.clip(predictions, 0, 1)
    positive = labels.astype(bool)
    true_positive = predictions[positive].sum()
    predicted = predictions.sum()
    if predicted == 0 or not positive.any():
        raise InvalidSubmissionError(
            "probabilistic F1 is undefined: every prediction is 0 (precision 0 / 0)"
            if predicted == 0
            else "probabilistic F1 is undefined: the answers hold no cancer case"
        )
    precision, recall = true_positive / predicted, true_positive / positive.sum()
    if precision <= 0 or recall <= 0:
        return 0.0
    return float(2 * precision * recall / (precision + recall))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["prediction_id", "cancer"])
    try:
        predictions = pd.to_numeric(submission["cancer"]).to_numpy(dtype=float)
    except (ValueError, TypeError) as err:
        raise InvalidSubmissionError(f"column 'cancer' must be numeric ({err})") from None
    if np.isnan(predictions).any():
        raise InvalidSubmissionError(
            f"column 'cancer' has {int(np.isnan(predictions).sum())} missing prediction(s)"
        )
    submission = submission[["prediction_id"]].assign(cancer=predictions)
    submission, answers = sorted_by_id(submission, answers, "prediction_id")
    return probabilistic_f1(answers["cancer"].to_numpy(), submission["cancer"].to_numpy())


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["prediction_id", "cancer"]].astype({"cancer": float})
