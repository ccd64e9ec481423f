"""kuzushiji-recognition: F1 over predicted character points.

As in MLE-bench (and Kaggle): for each page, every true box ``label x y w h`` takes the
first unused prediction ``label px py`` with the same label and the point strictly inside
the box (a true positive); boxes left over are false negatives and predictions left over
false positives. Counts are summed over all pages before F1 is taken. Rows are matched by
``image_id``; an empty cell is a page with no predictions.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id

from .prepare import gold_points


def _parse_points(cell: object, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if pd.isna(cell):
        return np.array([], dtype=str), np.zeros(0), np.zeros(0)
    words = str(cell).split(" ")
    if len(words) % 3:
        raise InvalidSubmissionError(
            f"row {row}: labels must be 'label x y' triples separated by single spaces: {cell!r}"
        )
    try:
        xs, ys = np.asarray(words[1::3], dtype=float), np.asarray(words[2::3], dtype=float)
    except ValueError:
        raise InvalidSubmissionError(f"row {row}: x and y must be numbers: {cell!r}") from None
    return np.asarray(words[0::3]), xs, ys


def _page_counts(points: tuple, boxes: object) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one page."""
    labels, xs, ys = points
    if pd.isna(boxes):
        return 0, len(labels), 0
    words = str(boxes).split(" ")
    box_labels = words[0::5]
    x0, y0 = np.asarray(words[1::5], dtype=float), np.asarray(words[2::5], dtype=float)
    x1 = x0 + np.asarray(words[3::5], dtype=float)
    y1 = y0 + np.asarray(words[4::5], dtype=float)
    unused = np.ones(len(labels), dtype=bool)
    hits = 0
    for label, left, right, top, bottom in zip(box_labels, x0, x1, y0, y1, strict=True):
        match = (left < xs) & (xs < right) & (top < ys) & (ys < bottom) & (labels == label)
        match &= unused
        if match.any():
            hits += 1
            unused[np.argmax(match)] = False
    return hits, int(unused.sum()), len(box_labels) - hits


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["image_id", "labels"])
    submission, answers = sorted_by_id(submission, answers, "image_id")
    points = [_parse_points(cell, row) for row, cell in enumerate(submission["labels"])]
    tp = fp = fn = 0
    for page, boxes in zip(points, answers["labels"], strict=True):
        hits, extra, missed = _page_counts(page, boxes)
        tp, fp, fn = tp + hits, fp + extra, fn + missed
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id"]].assign(labels=[gold_points(b) for b in answers["labels"]])
