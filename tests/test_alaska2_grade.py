"""alaska2-image-steganalysis's weighted AUC, checked by hand."""

import importlib

import numpy as np
import pytest

grade = importlib.import_module("mle_pipeline.competitions.alaska2-image-steganalysis.grade")


def test_weighted_auc_by_hand() -> None:
    # ROC points (0,0) (0,.5) (.5,.5) (.5,1) (1,1). Band [0,.4]: .4 wide from fpr 0, area .4,
    # weight 2. Band [.4,1]: .1 up to fpr .5, then .6: .05 + .3 = .35. (0.8 + 0.35) / 1.4.
    y = np.array([0, 0, 1, 1])
    assert grade.weighted_auc(y, np.array([0.1, 0.6, 0.4, 0.9])) == pytest.approx(1.15 / 1.4)
    assert grade.weighted_auc(y, np.array([0.1, 0.2, 0.8, 0.9])) == pytest.approx(1.0)
    assert grade.weighted_auc(y, np.array([0.9, 0.8, 0.2, 0.1])) == pytest.approx(0.0)
    # A crossing of 0.4 inside a sloped segment: (0,0) -> (1,1) diagonal (constant scores).
    # Band [0,.4]: 0.4 - 0.08 = 0.32, x2; band [.4,1]: 0.6*0.6/2 = 0.18. (0.64 + 0.18) / 1.4.
    assert grade.weighted_auc(y, np.zeros(4)) == pytest.approx(0.82 / 1.4)
