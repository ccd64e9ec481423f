"""uw-madison-gi-tract-image-segmentation: 0.4 x mean 2D Dice + 0.6 x (1 - mean normalised
3D Hausdorff distance), as MLE-bench computes it.

- Dice: per row (one slice and organ class), on RLE masks of the slice's own width and
  height; rows where both masks are empty are skipped.
- Hausdorff: per case and day, the three classes of each slice are joined (OR) and the
  slices stacked in id order into a 3D mask; coordinates are divided by the volume's shape
  and the symmetric Hausdorff distance by the unit cube's diagonal. Both empty: skipped;
  identical: 0; one empty, or a prediction over 10 times the true volume: 1.

Unlike MLE-bench, which pairs rows by position, rows are matched by (id, class); for a
submission in the answers' order the scores are the same. Volumes are built one case-day
at a time, so memory stays bounded by the largest scan series.
"""

import numpy as np
import pandas as pd
from scipy.spatial.distance import directed_hausdorff

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    dice_of_runs,
    require_columns,
    rle_masks,
    rle_runs_per_image,
    rle_text_column,
    sorted_by_id,
)

DICE_WEIGHT, HAUSDORFF_WEIGHT = 0.4, 0.6
KEY = "__id_class"


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{KEY: frame["id"].astype(str) + "\x00" + frame["class"].astype(str)})


def _require_rows_of(submission: pd.DataFrame, answers: pd.DataFrame) -> None:
    """One row per (id, class) of the test set, no more, no less."""
    rows = list(zip(submission["id"], submission["class"], strict=True))
    expected = set(zip(answers["id"], answers["class"], strict=True))
    repeated = len(rows) - len(set(rows))
    missing = expected - set(rows)
    if repeated or missing or len(rows) != len(expected):
        example = f"; e.g. no row for {sorted(missing)[0]}" if missing else ""
        raise InvalidSubmissionError(
            f"submission needs one row per (id, class) of the test set ({len(expected)} rows): "
            f"it has {len(rows)} rows, {repeated} repeated and {len(missing)} missing{example}"
        )


def hausdorff(predicted: np.ndarray, true: np.ndarray) -> float:
    """MLE-bench's normalised symmetric Hausdorff distance of two 3D masks (NaN if both empty)."""
    predicted_sum, true_sum = int(predicted.sum()), int(true.sum())
    if predicted_sum == 0 and true_sum == 0:
        return np.nan
    if np.array_equal(predicted, true):
        return 0.0
    if predicted_sum == 0 or true_sum == 0 or predicted_sum > 10 * true_sum:
        return 1.0
    scale = np.array(true.shape, dtype=float)
    a, b = np.argwhere(true) / scale, np.argwhere(predicted) / scale
    return max(directed_hausdorff(a, b)[0], directed_hausdorff(b, a)[0]) / np.sqrt(3)


def _volume(masks: list[np.ndarray], slice_ids: list[str]) -> np.ndarray:
    """Masks of one case-day joined per slice (OR over classes), stacked in slice-id order."""
    joined: dict[str, np.ndarray] = {}
    for mask, slice_id in zip(masks, slice_ids, strict=True):
        joined[slice_id] = joined[slice_id] | mask if slice_id in joined else mask
    return np.stack([joined[s] for s in sorted(joined)]).astype(np.uint8)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id", "class", "predicted"])
    if answers.duplicated(["id", "class"]).any():
        raise ValueError("answers have duplicated (id, class) rows")
    _require_rows_of(submission, answers)
    submission, answers = sorted_by_id(_keyed(submission), _keyed(answers), KEY)
    predicted_rle = rle_text_column(submission, "predicted")
    true_rle = rle_text_column(answers, "predicted")
    ids = list(answers["id"].astype(str))
    heights = answers["image_height"].astype(int).to_numpy()
    widths = answers["image_width"].astype(int).to_numpy()

    labels = [f"{i} ({c})" for i, c in zip(ids, answers["class"], strict=True)]
    predicted = rle_runs_per_image(predicted_rle, labels, list(heights * widths))
    true = rle_runs_per_image(true_rle, labels, list(heights * widths), what="answers")
    dice = np.nanmean(
        [dice_of_runs(p, t, both_empty=np.nan) for p, t in zip(predicted, true, strict=True)]
    )

    case_days = pd.Series([i.split("_slice_")[0] for i in ids])
    distances = []
    for _, rows in case_days.groupby(case_days, sort=True).groups.items():
        rows = list(rows)
        h, w = int(heights[rows[0]]), int(widths[rows[0]])
        if (heights[rows] != h).any() or (widths[rows] != w).any():
            raise ValueError(f"answers: the slices of {case_days[rows[0]]} differ in size")
        slice_ids, row_labels = [ids[r] for r in rows], [labels[r] for r in rows]
        volumes = [
            _volume(rle_masks([rles[r] for r in rows], row_labels, h, w), slice_ids)
            for rles in (predicted_rle, true_rle)
        ]
        distances.append(hausdorff(*volumes))
    return float(DICE_WEIGHT * dice + HAUSDORFF_WEIGHT * (1 - np.nanmean(distances)))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "class", "predicted"]].fillna("")
