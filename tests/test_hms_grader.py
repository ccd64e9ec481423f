"""hms-harmful-brain-activity-classification's grader on hand-made answers: repeated eeg_ids
are paired by occurrence, the KL divergence is Kaggle's, and bad files are refused."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from mle_pipeline.grading.errors import InvalidSubmissionError

grader = importlib.import_module(
    "mle_pipeline.competitions.hms-harmful-brain-activity-classification.grade"
)
VOTES = grader.VOTES


def _answers() -> pd.DataFrame:
    votes = [[3, 0, 0, 0, 0, 1], [0, 2, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0]]
    return pd.DataFrame(votes, columns=VOTES).assign(eeg_id=[7, 7, 9])[["eeg_id", *VOTES]]


def test_rows_of_one_eeg_pair_in_file_order_whatever_the_order_of_eegs() -> None:
    gold = grader.gold_submission(_answers(), None)
    assert grader.grade(gold, _answers()) == pytest.approx(0, abs=1e-12)
    eegs_swapped = gold.iloc[[2, 0, 1]]  # eeg 9 first, eeg 7's rows still in order
    assert grader.grade(eegs_swapped, _answers()) == pytest.approx(0, abs=1e-12)
    rows_of_7_swapped = gold.iloc[[1, 0, 2]]
    assert grader.grade(rows_of_7_swapped, _answers()) > 1


def test_kl_divergence_by_hand() -> None:
    uniform = _answers().assign(**{v: 1 / 6 for v in VOTES})
    # Row by row: sum of p log(6 p) over the true shares p.
    rows = [0.75 * np.log(4.5) + 0.25 * np.log(1.5), np.log(6), np.log(3)]
    assert grader.grade(uniform, _answers()) == pytest.approx(np.mean(rows))


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda s: s.assign(eeg_id=[7, 9, 9]), "as many times"),
        (lambda s: s.assign(seizure_vote=s["seizure_vote"] + 0.1), "sum to one"),
        (lambda s: s.assign(eeg_id=["7", "seven", "9"]), "integer eeg_ids"),
    ],
)
def test_bad_submissions_are_refused_with_a_reason(change, reason: str) -> None:
    gold = grader.gold_submission(_answers(), None)
    with pytest.raises(InvalidSubmissionError, match=reason):
        grader.grade(change(gold), _answers())
