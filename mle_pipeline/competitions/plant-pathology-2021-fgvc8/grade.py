"""plant-pathology-2021-fgvc8: micro-averaged F1 of the predicted disease label sets.

As in MLE-bench: rows are matched by ``image``; labels are space-separated; a label that
never occurs in the answers is ignored.
"""

import pandas as pd

from mle_pipeline.grading.metrics import multilabel_micro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return multilabel_micro_f1(submission, answers, "image", "labels")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image", "labels"]]
