"""imet-2020-fgvc7: micro-averaged F1 of the predicted attribute sets.

As in MLE-bench (Kaggle scored micro F2): rows are matched by ``id``; attribute ids are
space-separated; an attribute that never occurs in the answers is ignored.
"""

import pandas as pd

from mle_pipeline.grading.metrics import multilabel_micro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return multilabel_micro_f1(submission, answers, "id", "attribute_ids")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "attribute_ids"]]
