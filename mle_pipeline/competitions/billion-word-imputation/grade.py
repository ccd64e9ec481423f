"""billion-word-imputation: mean Levenshtein distance between restored and true sentences."""

import pandas as pd

from mle_pipeline.grading.metrics import mean_levenshtein, require_columns, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "sentence"])
    submission, answers = sorted_by_id(submission, answers, "id")
    return mean_levenshtein(submission["sentence"].tolist(), answers["sentence"].tolist())


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "sentence"]]
