"""siim-covid19-detection: mean average precision at IoU 0.5 over study and image classes.

MLE-bench's reconstruction of the PASCAL VOC metric, reproduced: rows are matched by id;
each class of the answers (``negative``, ``typical``, ``indeterminate``, ``atypical``,
``none``, ``opacity``: study classes come as full ``0 0 1 1`` boxes) gets scikit-learn's
average precision over (hit, confidence) pairs pooled from every row. In a row, that
class's predictions, most confident first, each take the unused true box of the class
they overlap best at IoU above 0.5 (a hit) or count as false positives (0, confidence);
true boxes left over count (1, 0); a row with neither counts (0, 0). The mAP is the mean
over classes.

Predictions are ``label confidence xmin ymin xmax ymax`` groups; an empty cell, a group
short of six values or a non-number is invalid, as it makes MLE-bench's grader fail.
A non-finite confidence is invalid here (MLE-bench fails on one only in a scored class).
"""

import math

import pandas as pd
from sklearn.metrics import average_precision_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import box_iou, require_columns, sorted_by_id

COLUMNS = ["id", "PredictionString"]
Box = tuple[str, float, tuple[float, float, float, float]]


def parse_boxes(cell: object, row_id: object) -> list[Box]:
    if not isinstance(cell, str):
        raise InvalidSubmissionError(
            f"id {row_id!r}: PredictionString is empty or not text ({cell!r}); predict at "
            "least 'none 1 0 0 1 1' or 'negative 1 0 0 1 1'"
        )
    words = cell.split()
    if len(words) % 6:
        raise InvalidSubmissionError(
            f"id {row_id!r}: PredictionString must be groups of six values "
            f"'label confidence xmin ymin xmax ymax', got {len(words)} values"
        )
    boxes = []
    for i in range(0, len(words), 6):
        try:
            confidence, *coords = (float(w) for w in words[i + 1 : i + 6])
        except ValueError:
            raise InvalidSubmissionError(
                f"id {row_id!r}: confidence and box must be numbers: {words[i : i + 6]}"
            ) from None
        if not math.isfinite(confidence):
            raise InvalidSubmissionError(
                f"id {row_id!r}: confidence {words[i + 1]!r} is not finite"
            )
        boxes.append((words[i], confidence, tuple(coords)))
    return boxes


def _class_pairs(predicted: list[list[Box]], true: list[list[Box]], cls: str):
    y_true, y_score = [], []
    for row_predictions, row_truth in zip(predicted, true, strict=True):
        truth = [box for label, _, box in row_truth if label == cls]
        used = [False] * len(truth)
        pairs = []
        for label, confidence, box in sorted(row_predictions, key=lambda b: b[1], reverse=True):
            if label != cls:
                continue
            best, best_iou = -1, 0.0
            for i, true_box in enumerate(truth):
                if used[i]:
                    continue
                iou = box_iou(box, true_box)
                if iou > best_iou and iou > 0.5:
                    best, best_iou = i, iou
            if best >= 0:
                used[best] = True
            pairs.append((int(best >= 0), confidence))
        pairs += [(1, 0.0)] * used.count(False)
        for hit, score in pairs or [(0, 0.0)]:
            y_true.append(hit)
            y_score.append(score)
    return y_true, y_score


def mean_average_precision(predicted: list[list[Box]], true: list[list[Box]]) -> float:
    classes = sorted({label for boxes in true for label, _, _ in boxes})
    precisions = []
    for cls in classes:
        y_true, y_score = _class_pairs(predicted, true, cls)
        if all(y_true):
            raise InvalidSubmissionError(
                f"class {cls!r}: every prediction and true box is a hit, so average precision "
                "is undefined (MLE-bench's grader stops there)"
            )
        precisions.append(average_precision_score(y_true, y_score))
    return float(sum(precisions) / len(precisions)) if precisions else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    submission, answers = sorted_by_id(submission, answers, "id")
    ids = submission["id"].tolist()
    predicted = [
        parse_boxes(c, i) for c, i in zip(submission["PredictionString"], ids, strict=True)
    ]
    true = [parse_boxes(c, i) for c, i in zip(answers["PredictionString"], ids, strict=True)]
    return mean_average_precision(predicted, true)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
