"""Hand checks of two graders whose fixed fidelity submissions score only 0 or 1:
vesuvius-challenge-ink-detection's F0.5 on run-length runs, and rsna-breast-cancer-
detection's probabilistic F1."""

import importlib

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import fbeta_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.sources.synthetic import rle_encode

vesuvius = importlib.import_module(
    "mle_pipeline.competitions.vesuvius-challenge-ink-detection.grade"
)
breast = importlib.import_module("mle_pipeline.competitions.rsna-breast-cancer-detection.grade")


def _row_major_rle(mask: np.ndarray) -> str:
    return rle_encode(mask.T)  # rle_encode numbers pixels down columns


def test_vesuvius_f05_equals_scikit_learn_on_row_major_masks() -> None:
    gen = np.random.default_rng(3)
    height, width = 13, 29
    truth = gen.random((height, width)) < 0.3
    answers = pd.DataFrame(
        {"Id": ["a"], "Predicted": [_row_major_rle(truth)], "width": [width], "height": [height]}
    )
    for flip in (0.0, 0.05, 0.3, 0.9):
        predicted = truth ^ (gen.random(truth.shape) < flip)
        submission = pd.DataFrame({"Id": ["a"], "Predicted": [_row_major_rle(predicted)]})
        expected = fbeta_score(truth.ravel(), predicted.ravel(), beta=0.5)
        assert vesuvius.grade(submission, answers) == pytest.approx(expected, abs=1e-12)
    # Pixel 2 is right of pixel 1: "1 2" marks the first row's first two pixels.
    corner = np.zeros((height, width), dtype=bool)
    corner[0, :2] = True
    exact = answers.assign(Predicted=_row_major_rle(corner))
    assert vesuvius.grade(pd.DataFrame({"Id": ["a"], "Predicted": ["1 2"]}), exact) == 1.0


def test_vesuvius_rejections_name_the_problem() -> None:
    answers = pd.DataFrame({"Id": ["a"], "Predicted": ["1 2"], "width": [4], "height": [3]})
    with pytest.raises(InvalidSubmissionError, match="exactly the columns"):
        vesuvius.grade(pd.DataFrame({"Id": ["a"], "Predicted": ["1 2"], "x": [1]}), answers)
    with pytest.raises(InvalidSubmissionError, match="as text"):
        vesuvius.grade(pd.DataFrame({"Id": ["a"], "Predicted": [np.nan]}), answers)
    with pytest.raises(InvalidSubmissionError, match="overlaps"):
        vesuvius.grade(pd.DataFrame({"Id": ["a"], "Predicted": ["1 3 2 1"]}), answers)


def test_breast_probabilistic_f1_by_hand() -> None:
    labels = np.array([1, 0, 1, 0])
    # ctp = 0.8 + 0.4 = 1.2, predicted total 1.2 + 0.6 = 1.8: precision 2/3, recall 0.6.
    score = breast.probabilistic_f1(labels, np.array([0.8, 0.5, 0.4, 0.1]))
    assert score == pytest.approx(2 * (2 / 3) * 0.6 / (2 / 3 + 0.6))
    # Clipped to [0, 1]: 2 counts as 1, -1 as 0.
    assert breast.probabilistic_f1(labels, np.array([2.0, -1.0, 1.0, 0.0])) == 1.0
    assert breast.probabilistic_f1(labels, np.array([0.0, 1.0, 0.0, 1.0])) == 0.0
    with pytest.raises(InvalidSubmissionError, match="every prediction is 0"):
        breast.probabilistic_f1(labels, np.zeros(4))
