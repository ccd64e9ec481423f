"""3d-object-detection-for-autonomous-vehicles: 3D mean average precision, averaged over
IoU thresholds 0.5, 0.55, ..., 0.95 and over samples.

MLE-bench grades with Lyft's ``mAP_evaluation.py`` (shapely polygons, pyquaternion), which
is not a dependency here; this is the same metric written from its definition:

- each prediction is ``confidence x y z width length height yaw class``, a box with a
  horizontal base turned by ``yaw``; its IoU with a true box is the overlap of the two bases
  (convex polygon clipping) times the overlap of their height ranges, over the union of the
  volumes, clipped to [0, 1];
- per sample, threshold and class of the sample's true boxes: predictions of that class,
  most confident first (ties in file order), are hits when their best IoU with any true box
  of the class exceeds the threshold and that box is not yet taken (a taken best box makes
  the prediction a false positive: no second choice); AP is the area under the precision
  envelope (VOC style); a class with no prediction scores 0, predicted classes absent from
  the truth are ignored;
- the score is the mean over samples and thresholds of the mean over the sample's classes.

Rows are matched by ``Id``; an empty cell is a sample with no predictions. Values are split
on single spaces, nine per object; a missing or non-numeric value is invalid, and so (as
in MLE-bench) is a NaN value or a size that is not positive in a box of a scored class; an
infinite value there is invalid too (stricter than MLE-bench).
"""

import math

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import require_columns, sorted_by_id

IOU_THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
FIELDS = 9


class Box:
    """A box with a horizontal base: centre, size (width, length, height) and yaw."""

    def __init__(self, values: list[float], sample: object) -> None:
        self.score = values[0]
        x, y, z, width, length, height, yaw = values[1:8]
        if not all(math.isfinite(v) for v in values[1:8]):
            # MLE-bench rejects NaN; an infinity makes its polygons meaningless, here invalid.
            raise InvalidSubmissionError(f"sample {sample!r}: a box has a NaN or infinite value")
        if not (width > 0 and length > 0 and height > 0):
            raise InvalidSubmissionError(
                f"sample {sample!r}: box sizes must be positive, got {width} {length} {height}"
            )
        self.volume = width * length * height
        self.min_z, self.max_z = z - height / 2, z + height / 2
        w, k = math.cos(yaw / 2), math.sin(yaw / 2)  # the quaternion about the z axis
        cos, sin = w * w - k * k, 2 * w * k
        dx_l, dy_l = length / 2 * cos, length / 2 * sin
        dx_w, dy_w = width / 2 * sin, -width / 2 * cos
        self.base = [
            (x + dx_l + dx_w, y + dy_l + dy_w),
            (x + dx_l - dx_w, y + dy_l - dy_w),
            (x - dx_l - dx_w, y - dy_l - dy_w),
            (x - dx_l + dx_w, y - dy_l + dy_w),
        ]

    def iou(self, other: "Box") -> float:
        height = max(0.0, min(self.max_z, other.max_z) - max(self.min_z, other.min_z))
        inter = height * _area(_clip(self.base, other.base)) if height > 0 else 0.0
        union = self.volume + other.volume - inter
        return min(max(inter / union, 0.0), 1.0)


def _area(polygon: list[tuple[float, float]]) -> float:
    n = len(polygon)
    twice = sum(
        polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1]
        for i in range(n)
    )
    return abs(twice) / 2


def _clip(subject: list, clipper: list) -> list:
    """Sutherland-Hodgman: the part of convex ``subject`` inside convex ``clipper``."""
    if _signed(clipper) < 0:
        clipper = clipper[::-1]
    output = subject
    for i in range(len(clipper)):
        (ax, ay), (bx, by) = clipper[i], clipper[(i + 1) % len(clipper)]
        if not output:
            break
        points, output = output, []

        def side(p: tuple[float, float]) -> float:
            return (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)  # noqa: B023

        for j, current in enumerate(points):
            previous = points[j - 1]
            s_cur, s_prev = side(current), side(previous)
            if s_cur >= 0:
                if s_prev < 0:
                    output.append(_cross(previous, current, s_prev, s_cur))
                output.append(current)
            elif s_prev >= 0:
                output.append(_cross(previous, current, s_prev, s_cur))
    return output


def _signed(polygon: list) -> float:
    n = len(polygon)
    return sum(
        polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1]
        for i in range(n)
    )


def _cross(p: tuple, q: tuple, sp: float, sq: float) -> tuple[float, float]:
    t = sp / (sp - sq)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def parse_objects(cell: object, sample: object) -> list[tuple[str, list[float]]]:
    """(class, [confidence, x, y, z, width, length, height, yaw]) per object."""
    if isinstance(cell, float) and math.isnan(cell):
        return []
    if not isinstance(cell, str):
        raise InvalidSubmissionError(f"sample {sample!r}: PredictionString must be text")
    if not cell.strip():
        return []
    words = cell.split(" ")
    if len(words) % FIELDS:
        raise InvalidSubmissionError(
            f"sample {sample!r}: PredictionString must have {FIELDS} values per object "
            f"('confidence x y z width length height yaw class'), got {len(words)}"
        )
    objects = []
    for i in range(0, len(words), FIELDS):
        try:
            values = [float(word) for word in words[i : i + FIELDS - 1]]
        except ValueError:
            raise InvalidSubmissionError(
                f"sample {sample!r}: confidence, centre, size and yaw must be numbers: "
                f"{words[i : i + FIELDS]}"
            ) from None
        objects.append((words[i + FIELDS - 1], values))
    return objects


def _average_precision(hits: np.ndarray, n_true: int) -> float:
    tp, fp = np.cumsum(hits), np.cumsum(1 - hits)
    recalls = np.concatenate(([0.0], tp / float(n_true), [1.0]))
    precisions = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    precisions = np.concatenate(([0.0], precisions, [0.0]))
    for i in range(precisions.size - 1, 0, -1):
        precisions[i - 1] = max(precisions[i - 1], precisions[i])
    steps = np.where(recalls[1:] != recalls[:-1])[0]
    return float(np.sum((recalls[steps + 1] - recalls[steps]) * precisions[steps + 1]))


def sample_map(true: list, predicted: list, sample: object) -> list[float]:
    """The sample's mean AP over its true classes, at each IoU threshold."""
    classes = sorted({name for name, _ in true})
    per_threshold = np.zeros((len(IOU_THRESHOLDS), len(classes)))
    for c, name in enumerate(classes):
        truths = [Box(values, sample) for n, values in true if n == name]
        guesses = [Box(values, sample) for n, values in predicted if n == name]
        if not guesses:
            continue
        guesses.sort(key=lambda box: box.score, reverse=True)
        ious = np.array([[guess.iou(t) for t in truths] for guess in guesses])
        best, best_at = ious.max(axis=1), ious.argmax(axis=1)
        for k, threshold in enumerate(IOU_THRESHOLDS):
            taken = np.zeros(len(truths), dtype=bool)
            hits = np.zeros(len(guesses))
            for g in range(len(guesses)):
                if best[g] > threshold and not taken[best_at[g]]:
                    hits[g], taken[best_at[g]] = 1.0, True
            per_threshold[k, c] = _average_precision(hits, len(truths))
    return [float(np.mean(row)) for row in per_threshold]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["Id", "PredictionString"])
    submission, answers = sorted_by_id(submission, answers, "Id")
    maps = []
    for sample, cell, truth in zip(
        answers["Id"], submission["PredictionString"], answers["PredictionString"], strict=True
    ):
        maps.extend(sample_map(parse_objects(truth, sample), parse_objects(cell, sample), sample))
    return float(np.mean(maps))


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "PredictionString"]]
