"""AI4Code: Kaggle's Kendall tau over cell orders, pooled across notebooks.

1 - 4 * (swaps of adjacent cells turning the predicted order into the true one, summed over
notebooks) / (sum of n * (n - 1) over notebooks). Each predicted order must list the
notebook's cells, each once (MLE-bench fails on anything else).
"""

import pandas as pd
from scipy.stats import kendalltau

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id


def inversions(order: list[str], truth: list[str]) -> int:
    """Pairs of cells ``order`` puts the other way round from ``truth`` (a permutation of it)."""
    n = len(truth)
    if n < 2:
        return 0
    rank = {cell: i for i, cell in enumerate(truth)}
    tau = kendalltau(range(n), [rank[cell] for cell in order]).statistic
    # Without ties tau = 1 - 4 * inversions / (n * (n - 1)).
    return round((1 - tau) * n * (n - 1) / 4)


def kendall_tau(predicted: list[list[str]], truth: list[list[str]]) -> float:
    swaps = sum(inversions(p, t) for p, t in zip(predicted, truth, strict=True))
    pairs = sum(len(t) * (len(t) - 1) for t in truth)
    if pairs == 0:
        raise InvalidSubmissionError("every notebook has a single cell: Kendall tau is undefined")
    return 1 - 4 * swaps / pairs


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "cell_order"])
    submission, answers = sorted_by_id(submission, answers, "id")
    predicted = [str(cells).split() for cells in submission["cell_order"]]
    truth = [str(cells).split() for cells in answers["cell_order"]]
    for notebook, p, t in zip(answers["id"], predicted, truth, strict=True):
        if sorted(p) != sorted(t):
            raise InvalidSubmissionError(
                f"cell_order of notebook {notebook!r} must list each of its {len(t)} cells "
                f"exactly once (space-separated cell ids); it lists {len(p)} ids"
                + ("" if len(p) != len(t) else ", some unknown or repeated")
            )
    return kendall_tau(predicted, truth)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "cell_order"]]
