"""jigsaw-unintended-bias-in-toxicity-classification: Kaggle's bias-weighted ROC AUC.

A quarter of the overall AUC plus a quarter of each power mean (p = -5) over nine
identities of three AUCs: on comments mentioning the identity (subgroup), on non-toxic ones
mentioning it with toxic ones not mentioning it (BPSN), and the reverse (BNSP). Toxicity
and identities count at >= 0.5 (a missing identity value counts as not mentioned).

As in MLE-bench, the submitted scores are cut to 0/1 at 0.5 before the AUCs are computed
(Kaggle ranks the raw scores; see the config's known_issues). The prediction column is
``prediction`` (or ``toxicity``, which MLE-bench also accepts); rows are matched by id.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import binary_auc, numeric_values, require_columns, sorted_by_id

IDENTITIES = [
    "male",
    "female",
    "homosexual_gay_or_lesbian",
    "christian",
    "jewish",
    "muslim",
    "black",
    "white",
    "psychiatric_or_mental_illness",
]
POWER = -5
WEIGHT = 0.25


def _prediction_column(submission: pd.DataFrame) -> str:
    present = [c for c in ("prediction", "toxicity") if c in submission.columns]
    if len(present) != 1:
        raise InvalidSubmissionError(
            "submission needs one prediction column, 'prediction' (or 'toxicity'); "
            f"it has {list(submission.columns)}"
        )
    return present[0]


def _auc(labels: np.ndarray, scores: np.ndarray, rows: np.ndarray, what: str) -> float:
    chosen = np.flatnonzero(rows)
    subset = labels.take(chosen)
    if subset.size == 0 or subset.min() == subset.max():
        raise ValueError(f"answers: the {what} rows hold one class only; its AUC is undefined")
    return binary_auc(subset, scores.take(chosen))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    column = _prediction_column(submission)
    require_columns(submission, ["id"])
    submission = submission[["id"]].assign(score=numeric_values(submission, column))
    submission, answers = sorted_by_id(submission, answers, "id")
    predicted = (submission["score"].to_numpy() >= 0.5).astype(np.int64)
    toxic = answers["toxicity"].to_numpy(dtype=float) >= 0.5
    labels = toxic.astype(np.int64)

    overall = _auc(labels, predicted, np.ones_like(toxic), "test")
    per_kind: dict[str, list[float]] = {"subgroup": [], "bpsn": [], "bnsp": []}
    for identity in IDENTITIES:
        member = answers[identity].to_numpy(dtype=float) >= 0.5
        subsets = {
            "subgroup": member,
            "bpsn": (~toxic & member) | (toxic & ~member),
            "bnsp": (toxic & member) | (~toxic & ~member),
        }
        for kind, rows in subsets.items():
            per_kind[kind].append(_auc(labels, predicted, rows, f"{kind} {identity!r}"))
    with np.errstate(divide="ignore"):  # an AUC of 0 gives a power mean of 0, as in numpy
        power_means = [
            np.mean(np.array(aucs) ** POWER) ** (1 / POWER) for aucs in per_kind.values()
        ]
    return float(WEIGHT * overall + WEIGHT * sum(power_means))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id"]].assign(prediction=answers["toxicity"].astype(float))
