"""hubmap-kidney-segmentation: mean over test images of the Dice coefficient of the
predicted glomerulus mask (run-length encoded, column-major, on each image's own width
and height); an image where both masks are empty scores 1, as in MLE-bench.

The masks are compared as runs, never decoded: a real test image has over a billion
pixels, and MLE-bench's decoding holds two boolean masks of that size per image.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.metrics import (
    dice_of_runs,
    require_columns,
    rle_runs_per_image,
    rle_text_column,
    sorted_by_id,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "predicted"])
    submission, answers = sorted_by_id(submission, answers, "id")
    ids = list(answers["id"])
    shapes = zip(answers["height_pixels"], answers["width_pixels"], strict=True)
    pixels = [int(height) * int(width) for height, width in shapes]
    predicted = rle_runs_per_image(rle_text_column(submission, "predicted"), ids, pixels)
    true = rle_runs_per_image(rle_text_column(answers, "encoding"), ids, pixels, what="answers")
    return float(np.mean([dice_of_runs(p, t) for p, t in zip(predicted, true, strict=True)]))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"id": answers["id"], "predicted": answers["encoding"].fillna("")})
