"""movie-review-sentiment-analysis-kernels-only: accuracy of the 0-4 Sentiment label."""

import pandas as pd

from mle_pipeline.grading.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return accuracy(submission, answers, id_column="PhraseId", target_column="Sentiment")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["PhraseId", "Sentiment"]]
