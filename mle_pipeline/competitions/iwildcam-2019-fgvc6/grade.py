"""iwildcam-2019-fgvc6: macro F1 over categories (scikit-learn), rows matched by Id."""

import pandas as pd

from mle_pipeline.grading.metrics import macro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return macro_f1(submission, answers, "Id", "Category")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Category"]]
