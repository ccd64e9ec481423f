"""tweet-sentiment-extraction: the competition's word-level Jaccard, averaged over tweets.

Empty cells count as empty text (pandas reads them as NaN) and other values as their text,
as in MLE-bench. A tweet whose answer and prediction are both empty has no defined score
(the competition's formula divides by zero, and MLE-bench's grader fails): invalid here,
with the row named.
"""

import pandas as pd

from mle_pipeline.grading.metrics import mean_word_jaccard, require_columns, sorted_by_id


def _texts(frame: pd.DataFrame) -> list[str]:
    return frame["selected_text"].fillna("").astype(str).tolist()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["textID", "selected_text"])
    submission, answers = sorted_by_id(submission, answers, "textID")
    return mean_word_jaccard(_texts(submission), _texts(answers), both_empty=None)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["textID", "selected_text"]]
