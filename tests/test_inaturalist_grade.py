"""inaturalist-2019-fgvc6's grader: the first of several labels counts, as in MLE-bench."""

import importlib

import pandas as pd
import pytest

from mle_pipeline.grading.errors import InvalidSubmissionError

grade = importlib.import_module("mle_pipeline.competitions.inaturalist-2019-fgvc6.grade").grade


def test_first_label_counts_and_floats_are_invalid() -> None:
    answers = pd.DataFrame({"id": [1, 2, 3, 4], "predicted": [5, 6, 7, 8]})
    top5 = pd.DataFrame({"id": [4, 3, 2, 1], "predicted": ["8 1 2", "1 7", "6", "9 5"]})
    assert grade(top5, answers) == pytest.approx(0.5)  # ids 4 and 2 right
    assert grade(answers.copy(), answers) == 0.0
    with pytest.raises(InvalidSubmissionError, match="integer"):
        grade(answers.astype({"predicted": float}), answers)
    with pytest.raises(InvalidSubmissionError, match="integer"):
        grade(top5.assign(predicted=["8", "x", "6", "9"]), answers)
