"""whale-categorization-playground: MAP@5 of the predicted whale ids.

As in MLE-bench: the columns must be exactly ``Image`` and ``Id``; rows are matched by
``Image``; ``Id`` holds up to five whale ids (or ``new_whale``) separated by single spaces,
best first.
"""

import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import mean_average_precision_at_k, sorted_by_id


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission.columns) != {"Image", "Id"}:
        raise InvalidSubmissionError(
            f"submission columns must be exactly ['Image', 'Id'], not {list(submission.columns)}"
        )
    submission, answers = sorted_by_id(submission, answers, "Image")
    actual = [set(cell.split(" ")) for cell in answers["Id"].astype(str)]
    predicted = [cell.split(" ") for cell in submission["Id"].astype(str)]
    return mean_average_precision_at_k(actual, predicted, k=5)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Image", "Id"]]
