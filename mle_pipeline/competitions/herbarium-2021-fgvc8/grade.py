"""herbarium-2021-fgvc8: macro F1 over species (scikit-learn), rows matched by Id."""

import pandas as pd

from mle_pipeline.grading.metrics import macro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return macro_f1(submission, answers, "Id", "Predicted")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Predicted"]]
