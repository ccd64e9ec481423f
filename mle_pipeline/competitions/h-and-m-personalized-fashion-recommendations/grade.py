"""h-and-m-personalized-fashion-recommendations: MAP@12 over the customers who bought in the
test week.

As in MLE-bench: the columns must be exactly ``customer_id`` and ``prediction``; the
submission may list any customers as long as it includes every customer of the answers
(only those are scored); ``prediction`` holds article ids separated by single spaces, best
first, and only the first twelve count. The answers write article ids as integers (no
leading zero), so ``0706016001`` never matches ``706016001``. A customer of the answers
listed twice is invalid here (MLE-bench's rows then shift against the answers').
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import mean_average_precision_at_k

COLUMNS = ["customer_id", "prediction"]
K = 12


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission.columns) != set(COLUMNS):
        raise InvalidSubmissionError(
            f"submission columns must be exactly {COLUMNS}, not {list(submission.columns)}"
        )
    scored = submission[submission["customer_id"].isin(answers["customer_id"])]
    missing = len(answers) - scored["customer_id"].nunique()
    if missing:
        raise InvalidSubmissionError(
            f"{missing} of the {len(answers)} customers who bought in the test week are missing; "
            "the submission must list every customer (sample_submission.csv does)"
        )
    if not scored["customer_id"].is_unique:
        repeated = scored["customer_id"][scored["customer_id"].duplicated()].iloc[0]
        raise InvalidSubmissionError(f"customer_id {repeated!r} is listed more than once")
    predicted = scored.set_index("customer_id")["prediction"].loc[answers["customer_id"]]
    actual = [set(cell.split(" ")) for cell in answers["prediction"].astype(str)]
    guesses = [cell.split(" ") for cell in predicted.astype(str)]
    return mean_average_precision_at_k(actual, guesses, k=K)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Each buyer's distinct articles ; the sample's row for everyone else."""
    distinct = [
        " ".join(dict.fromkeys(cell.split(" "))) for cell in answers["prediction"].astype(str)
    ]
    buyers = answers[["customer_id"]].assign(prediction=distinct)
    others = sample[~sample["customer_id"].isin(answers["customer_id"])][COLUMNS]
    return pd.concat([buyers, others], ignore_index=True)
