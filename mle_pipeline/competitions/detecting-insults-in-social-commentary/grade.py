"""detecting-insults: ROC AUC of the insult probability; the comment text is the join key."""

import pandas as pd

from mle_pipeline.grading.metrics import auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return auroc(submission, answers, id_column="Comment", target_column="Insult")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Insult", "Date", "Comment"]]
