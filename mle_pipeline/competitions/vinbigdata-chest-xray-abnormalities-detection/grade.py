"""vinbigdata-chest-xray-abnormalities-detection: COCO-style mAP at IoU 0.4.

MLE-bench scores with pycocotools' ``COCOeval`` (bbox, IoU thresholds ``[0.4]``, ``stats[0]``:
precision at 101 recall points, all areas, up to 100 detections per image and class, averaged
over the answers' classes). It is reproduced here without pycocotools, quirks included:

- boxes are given as ``x_min y_min x_max y_max`` but COCO reads ``x y width height``, so the
  IoU is that of the boxes ``(x_min, y_min, x_min + x_max, y_min + y_max)``;
- annotation ids count from 0 in the answers' order and detection ids from 0 in the
  submission's row order, and COCO takes id 0 for "no match": a detection matched to the
  first true annotation counts as a false positive, and a true box matched by the first
  detection stays free for the next one;
- an unmatched detection whose area ``(x_max - x_min) * (y_max - y_min)`` is negative is
  ignored rather than counted false.

Rows are matched by ``image_id`` (each once; MLE-bench only compares the sets of ids).
Predictions are ``class confidence x_min y_min x_max y_max`` groups separated by single
spaces; anything else, or a value that is not a finite number, is invalid.
"""

from collections import defaultdict

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns

from .prepare import gold_of

IOU_THRESHOLD = 0.4
MAX_DETECTIONS = 100
AREA_RANGE = (0.0, 1e10)
RECALL_POINTS = np.linspace(0.0, 1.00, 101)


def _parse(cell: object, image_id: object) -> np.ndarray:
    if not isinstance(cell, str):
        raise InvalidSubmissionError(
            f"image {image_id!r}: PredictionString is empty or not text ({cell!r}); predict "
            "'14 1 0 0 1 1' for no finding"
        )
    try:
        values = np.array([float(word) for word in cell.split(" ")])
    except ValueError:
        raise InvalidSubmissionError(
            f"image {image_id!r}: PredictionString must be numbers separated by single spaces: "
            f"{cell[:80]!r}"
        ) from None
    if len(values) % 6 or not np.isfinite(values).all():
        raise InvalidSubmissionError(
            f"image {image_id!r}: PredictionString must be finite 'class confidence x_min y_min "
            f"x_max y_max' groups of six: {cell[:80]!r}"
        )
    return values.reshape(-1, 6)


def _coco_iou(detections: np.ndarray, truths: np.ndarray) -> np.ndarray:
    """pycocotools' bbIou of (x, y, w, h) boxes, detections x truths."""
    d, g = detections[:, None, :], truths[None, :, :]
    w = np.minimum(d[..., 2] + d[..., 0], g[..., 2] + g[..., 0]) - np.maximum(d[..., 0], g[..., 0])
    h = np.minimum(d[..., 3] + d[..., 1], g[..., 3] + g[..., 1]) - np.maximum(d[..., 1], g[..., 1])
    inter = w * h
    union = d[..., 2] * d[..., 3] + g[..., 2] * g[..., 3] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((w > 0) & (h > 0), inter / union, 0.0)


def _area(boxes: np.ndarray) -> np.ndarray:
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def _outside(area: np.ndarray) -> np.ndarray:
    return (area < AREA_RANGE[0]) | (area > AREA_RANGE[1])


def _evaluate_image(truth: list, detections: list):
    """COCOeval.evaluateImg for one image and class: (scores, matched, ignored, true count).

    ``truth``: (annotation id, box, area) rows; ``detections``: (id, score, box, area).
    """
    gt_ignore = _outside(np.array([t[2] for t in truth], dtype=float))
    order = np.argsort(gt_ignore, kind="mergesort")
    truth = [truth[i] for i in order]
    gt_ignore = gt_ignore[order]
    scores = np.array([-d[1] for d in detections], dtype=float)
    detections = [detections[i] for i in np.argsort(scores, kind="mergesort")[:MAX_DETECTIONS]]
    matched_id = np.zeros(len(detections))
    ignored = np.zeros(len(detections), dtype=bool)
    if truth and detections:
        ious = _coco_iou(np.array([d[2] for d in detections]), np.array([t[1] for t in truth]))
        taken_by = np.zeros(len(truth))
        for di, detection in enumerate(detections):
            best, match = min(IOU_THRESHOLD, 1 - 1e-10), -1
            for gi in range(len(truth)):
                if taken_by[gi] > 0:
                    continue
                if match > -1 and not gt_ignore[match] and gt_ignore[gi]:
                    break
                if ious[di, gi] < best:
                    continue
                best, match = ious[di, gi], gi
            if match == -1:
                continue
            ignored[di] = gt_ignore[match]
            matched_id[di] = truth[match][0]
            taken_by[match] = detection[0]
    areas = np.array([d[3] for d in detections], dtype=float)
    ignored |= (matched_id == 0) & _outside(areas)
    return [d[1] for d in detections], matched_id, ignored, int((~gt_ignore).sum())


def _class_precisions(evaluated: list) -> np.ndarray | None:
    """COCOeval.accumulate for one class: precision at the 101 recall points, or None."""
    scores = np.concatenate([np.asarray(e[0], dtype=float) for e in evaluated])
    order = np.argsort(-scores, kind="mergesort")
    matched = np.concatenate([e[1] for e in evaluated])[order]
    ignored = np.concatenate([e[2] for e in evaluated])[order]
    n_true = sum(e[3] for e in evaluated)
    if n_true == 0:
        return None
    tp = np.cumsum((matched != 0) & ~ignored).astype(float)
    fp = np.cumsum((matched == 0) & ~ignored).astype(float)
    recall = tp / n_true
    precision = (tp / (fp + tp + np.spacing(1))).tolist()
    for i in range(len(precision) - 1, 0, -1):
        precision[i - 1] = max(precision[i - 1], precision[i])
    points = np.zeros(len(RECALL_POINTS))
    for ri, pi in enumerate(np.searchsorted(recall, RECALL_POINTS, side="left")):
        if pi >= len(precision):
            break
        points[ri] = precision[pi]
    return points


def coco_map(answers: pd.DataFrame, submission: pd.DataFrame) -> float:
    images = {image_id: i for i, image_id in enumerate(answers["image_id"].unique())}
    classes = sorted(set(answers["class_id"].tolist()))
    truth = defaultdict(list)
    boxes = answers[["x_min", "y_min", "x_max", "y_max"]].to_numpy(dtype=float)
    for k, (image_id, cls, box) in enumerate(
        zip(answers["image_id"], answers["class_id"], boxes, strict=True)
    ):
        truth[images[image_id], cls].append((k, box, float(_area(box[None])[0])))
    detections = defaultdict(list)
    k = 0
    for image_id, cell in zip(submission["image_id"], submission["PredictionString"], strict=True):
        predictions = _parse(cell, image_id)
        areas = _area(predictions[:, 2:])
        for prediction, area in zip(predictions, areas, strict=True):
            detections[images[image_id], int(prediction[0])].append(
                (k, prediction[1], prediction[2:], area)
            )
            k += 1
    per_class = []
    for cls in classes:
        evaluated = [
            _evaluate_image(truth[i, cls], detections[i, cls])
            for i in range(len(images))
            if truth[i, cls] or detections[i, cls]
        ]
        precisions = _class_precisions(evaluated) if evaluated else None
        if precisions is not None:
            per_class.append(precisions)
    return float(np.mean(per_class)) if per_class else -1.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["image_id", "PredictionString"])
    expected = set(answers["image_id"])
    submitted = submission["image_id"]
    if set(submitted) != expected or not submitted.is_unique:
        raise InvalidSubmissionError(
            f"submission image_id values must be the {len(expected)} test images, each once "
            f"({len(set(submitted) - expected)} unknown, {len(expected - set(submitted))} "
            f"missing, {int(submitted.duplicated().sum())} repeated)"
        )
    return coco_map(answers, submission)


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return gold_of(answers)
