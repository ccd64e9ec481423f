"""hms-harmful-brain-activity-classification: Kullback-Leibler divergence of the predicted
class probabilities from each test row's votes divided by their sum, averaged over rows.

As MLE-bench (Kaggle's metric): the submission needs ``eeg_id`` and the six ``*_vote``
columns, one row per test row; each row's probabilities lie in [0, 1] and sum to one (to 5
decimals); predictions are clipped to [1e-15, 1 - 1e-15]; classes without votes add
nothing. The test set has several rows per eeg_id (one per labelled window, identical in the
public test.csv): the k-th row of an eeg_id in the submission is paired with its k-th row in
the answers, which is MLE-bench's pairing for rows in the order of test.csv. MLE-bench only
compares the sets of eeg_ids; here each must appear as often as in test.csv.
"""

import numpy as np
import pandas as pd
from scipy.special import rel_entr

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, require_row_count

ID = "eeg_id"
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
EPSILON = 1e-15
# Rows of one eeg_id are told apart only by their order in the file.
ROW_ORDER_MATTERS = True


def _keys(ids: pd.Series) -> pd.MultiIndex:
    """(eeg_id, occurrence) for each row: the k-th row of an id is (id, k)."""
    return pd.MultiIndex.from_arrays([ids.to_numpy(), ids.groupby(ids).cumcount().to_numpy()])


def _integer_ids(submission: pd.DataFrame) -> pd.Series:
    ids = pd.to_numeric(submission[ID], errors="coerce")
    if ids.isna().any() or not np.array_equal(ids, np.round(ids)):
        raise InvalidSubmissionError(f"column {ID!r} must hold the test set's integer eeg_ids")
    return ids.astype(np.int64).reset_index(drop=True)


def _rows_for(submission: pd.DataFrame, answers: pd.DataFrame) -> np.ndarray:
    """For each answer row, the submission row paired with it (see the module docstring)."""
    rows = _keys(_integer_ids(submission)).get_indexer(_keys(answers[ID].reset_index(drop=True)))
    if (rows < 0).any():
        raise InvalidSubmissionError(
            f"submission {ID!r} values do not match the test set's: each eeg_id must appear "
            f"as many times as in test.csv ({int((rows < 0).sum())} test row(s) unmatched)"
        )
    return rows


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, *VOTES])
    require_row_count(submission, answers)
    predicted = np.column_stack([numeric_values(submission, v) for v in VOTES])
    if not (np.round(predicted.sum(axis=1), 5) == 1).all():
        raise InvalidSubmissionError("each row's six class probabilities must sum to one")
    if predicted.min() < 0 or predicted.max() > 1:
        raise InvalidSubmissionError("class probabilities must lie in [0, 1]")
    predicted = predicted[_rows_for(submission, answers)]
    votes = answers[VOTES].to_numpy(dtype=float)
    truth = votes / votes.sum(axis=1, keepdims=True)
    clipped = np.clip(predicted, EPSILON, 1 - EPSILON)
    return float(np.mean(rel_entr(truth, clipped).sum(axis=1)))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    gold = answers[[ID, *VOTES]].copy()
    gold[VOTES] = gold[VOTES].div(gold[VOTES].sum(axis=1), axis=0)
    return gold
