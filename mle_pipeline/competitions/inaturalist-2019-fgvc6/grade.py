"""inaturalist-2019-fgvc6: top-1 error (1 - accuracy), rows matched by id.

As in MLE-bench, a prediction may list several space-separated labels; only the first
counts. Labels must be integers (a column of floats such as 5.0 fails MLE-bench's
``str.split`` and is invalid here too, with a reason).
"""

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, require_row_count, sorted_by_id


def _first_label(value: object) -> int:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.split():
        try:
            return int(value.split()[0])
        except ValueError:
            pass
    raise InvalidSubmissionError(
        f"'predicted' must be an integer label or space-separated integer labels, got {value!r}"
    )


def first_labels(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_integer_dtype(values):
        return values.to_numpy(dtype=np.int64)
    if values.dtype != object:
        raise InvalidSubmissionError(
            f"'predicted' must hold integer labels, not {values.dtype} values such as "
            f"{values.iloc[0]!r}"
        )
    return np.array([_first_label(v) for v in values], dtype=np.int64)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    require_columns(submission, ["id", "predicted"])
    submission = submission[["id"]].assign(predicted=first_labels(submission["predicted"]))
    submission, answers = sorted_by_id(submission, answers, "id")
    y_true = answers["predicted"].to_numpy(dtype=np.int64)
    return float(1 - accuracy_score(y_true, submission["predicted"].to_numpy()))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "predicted"]]
