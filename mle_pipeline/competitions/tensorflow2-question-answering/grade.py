"""tensorflow2-question-answering: micro F1 over the long and short answer slots.

Each test example has an ``<id>_long`` and an ``<id>_short`` row. A slot counts as
predicted when its PredictionString is not blank; the prediction is right when it is one of
the annotated answers (``start:end`` token spans, or YES/NO for short answers), and an empty
prediction is right when there is no answer. Micro F1 over these two-class labels (which
equals the share of slots right), as MLE-bench computes it with scikit-learn.
"""

import importlib

import pandas as pd
from sklearn.metrics import f1_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns

# The gold rows are built once, in prepare (the folder's name is not an identifier).
gold_rows = importlib.import_module(f"{__package__}.prepare").gold_rows


def _prediction(text: str) -> str | tuple[int, int]:
    parts = text.split(":")
    if len(parts) == 2:
        try:
            return int(parts[0]), int(parts[1])
        except ValueError:
            pass
    elif text in ("YES", "NO", ""):
        return text
    raise InvalidSubmissionError(
        f"PredictionString {text!r} is not 'start:end' (token indices), YES, NO or empty"
    )


def _valid_answers(annotation: dict, slot: str) -> list:
    if slot == "long":
        long = annotation["long_answer"]
        return (
            []
            if long["start_token"] == -1
            else [(int(long["start_token"]), int(long["end_token"]))]
        )
    answers: list = [
        (int(a["start_token"]), int(a["end_token"])) for a in annotation["short_answers"]
    ]
    if annotation["yes_no_answer"] != "NONE":
        answers.append(annotation["yes_no_answer"])
    return answers


def grade(submission: pd.DataFrame, answers: list[dict]) -> float:
    if len(submission) != 2 * len(answers):
        raise InvalidSubmissionError(
            f"submission has {len(submission)} rows, expected {2 * len(answers)} "
            "(an <id>_long and an <id>_short row per test example)"
        )
    require_columns(submission, ["example_id", "PredictionString"])
    submission = submission.fillna("").astype(str)
    annotations = {str(a["example_id"]): a["annotations"][0] for a in answers}
    ids = submission["example_id"]
    if ids.duplicated().any():
        raise InvalidSubmissionError(
            f"example_id {ids[ids.duplicated()].iloc[0]!r} appears more than once"
        )
    expected = {f"{e}_{slot}" for e in annotations for slot in ("long", "short")}
    if set(ids) != expected:
        unknown = sorted(set(ids) - expected)
        raise InvalidSubmissionError(
            "example_id must be <id>_long and <id>_short for every test example; "
            f"{len(unknown)} are not, e.g. {unknown[:3]}"
        )

    y_true, y_pred = [], []
    for example_slot, text in zip(ids, submission["PredictionString"], strict=True):
        example_id, slot = example_slot.rsplit("_", 1)
        prediction = _prediction(text.strip())
        valid = _valid_answers(annotations[example_id], slot)
        y_pred.append(1 if prediction else 0)
        y_true.append(int(prediction in valid) if prediction else int(bool(valid)))
    return float(f1_score(y_true, y_pred, average="micro"))


def gold_submission(answers: list[dict], sample: pd.DataFrame) -> pd.DataFrame:
    rows = [r for a in answers for r in gold_rows(str(a["example_id"]), a["annotations"])]
    return pd.DataFrame(rows, columns=["example_id", "PredictionString"])
