"""learning-agency-lab-automated-essay-scoring-2: quadratic weighted kappa of whole scores."""

import pandas as pd

from mle_pipeline.grading.metrics import quadratic_weighted_kappa


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return quadratic_weighted_kappa(submission, answers, "essay_id", "score")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["essay_id", "score"]]
