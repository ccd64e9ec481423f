"""chaii-hindi-and-tamil-question-answering: word-level Jaccard averaged over questions.

scikit-learn's ``jaccard_score(average="samples")`` over lower-cased word sets in
MLE-bench: a question whose answer and prediction both have no words scores 0. Empty cells
are empty text; a prediction column that is not text (pandas read only numbers) makes
MLE-bench's grader fail and is invalid here with that reason.
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import mean_word_jaccard, require_columns, sorted_by_id

TARGET = "PredictionString"


def _texts(frame: pd.DataFrame, side: str) -> list[str]:
    texts = frame[TARGET].fillna("").tolist()
    if not all(isinstance(text, str) for text in texts):
        raise InvalidSubmissionError(f"{side} column {TARGET!r} must hold text, not numbers")
    return texts


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", TARGET])
    submission, answers = sorted_by_id(submission, answers, "id")
    return mean_word_jaccard(
        _texts(submission, "submission"), _texts(answers, "answers"), both_empty=0.0
    )


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", TARGET]]
