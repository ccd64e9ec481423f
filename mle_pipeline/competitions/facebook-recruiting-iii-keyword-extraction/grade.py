"""facebook-recruiting-iii-keyword-extraction: micro F1 over (question, tag) pairs.

Tags are space-separated; each question's tags count once each. As in MLE-bench (which
binarizes with scikit-learn's MultiLabelBinarizer over the answers' tags), a predicted tag
that no test question has is ignored rather than counted as a false positive.
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def _tag_sets(frame: pd.DataFrame, what: str) -> list[set[str]]:
    values = frame["Tags"].fillna("")
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise InvalidSubmissionError(
            f"{what} Tags must be text (space-separated tags); found {bad[0]!r}"
        )
    return [set(v.split()) for v in values]


def micro_f1(truth: list[set[str]], predicted: list[set[str]]) -> float:
    classes = set().union(*truth)
    hits = extra = missed = 0
    for true, pred in zip(truth, predicted, strict=True):
        pred = pred & classes
        hits += len(true & pred)
        extra += len(pred - true)
        missed += len(true - pred)
    denominator = 2 * hits + extra + missed
    return 2 * hits / denominator if denominator else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["Id", "Tags"])
    submission, answers = sorted_by_id(submission, answers, "Id")
    truth = [s for s in _tag_sets(answers, "answers'")]
    return micro_f1(truth, _tag_sets(submission, "submission"))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Tags"]]
