"""Shared submission checks and metric inputs, written once for every competition's grader.

Each helper validates a submission the way MLE-bench's graders do (same checks, same
sorting by id) and raises ``InvalidSubmissionError`` with a reason a person can act on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, log_loss, roc_auc_score
from sklearn.preprocessing import MultiLabelBinarizer

from mle_pipeline.grading.errors import InvalidSubmissionError


def require_columns(submission: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in submission.columns]
    if missing:
        raise InvalidSubmissionError(
            f"submission is missing column(s) {missing}; it has {list(submission.columns)}"
        )


def require_row_count(submission: pd.DataFrame, answers: pd.DataFrame) -> None:
    if len(submission) != len(answers):
        raise InvalidSubmissionError(
            f"submission has {len(submission)} rows, expected {len(answers)} (one per test id)"
        )


def numeric_values(submission: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats; strings, NaN and infinities make the submission invalid."""
    try:
        values = pd.to_numeric(submission[column]).to_numpy(dtype=float)
    except (ValueError, TypeError) as err:
        raise InvalidSubmissionError(f"column {column!r} must be numeric ({err})") from None
    if not np.isfinite(values).all():
        bad = int((~np.isfinite(values)).sum())
        raise InvalidSubmissionError(f"column {column!r} has {bad} missing or infinite value(s)")
    return values


def ids_compare_as_numbers(sub_ids: np.ndarray, ans_ids: np.ndarray) -> bool:
    """Whether both id columns are numeric, so ``123.0`` equals ``123`` (as in MLE-bench).

    MLE-bench compares sorted id arrays with numpy's ``!=``, which compares numbers by
    value: a submission whose pandas wrote integer ids as floats is scored there.
    """
    return sub_ids.dtype.kind in "iuf" and ans_ids.dtype.kind in "iuf"


def sorted_by_id(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sort both frames by id and check the ids match one to one.

    Numeric ids are compared as numbers (``123.0`` matches ``123``); other ids of
    different types are compared as text.

    Ids already equal row by row are returned unsorted: sorting two equal id columns
    permutes both the same way (the sort is deterministic), so rows pair up as they are,
    and the metrics here do not depend on row order. Likewise unique text or integer ids in
    another order: the submission's rows are put in the answers' order.
    """
    require_columns(submission, [id_column])
    require_row_count(submission, answers)
    sub_ids = submission[id_column].to_numpy()
    ans_ids = answers[id_column].to_numpy()
    if sub_ids.dtype == ans_ids.dtype and np.array_equal(sub_ids, ans_ids):
        return submission, answers
    rows = _rows_of(sub_ids, ans_ids)
    if rows is not None:
        return submission.iloc[rows], answers
    submission = submission.sort_values(id_column)
    answers = answers.sort_values(id_column)
    sub_ids = submission[id_column].to_numpy()
    ans_ids = answers[id_column].to_numpy()
    if sub_ids.dtype != ans_ids.dtype and not ids_compare_as_numbers(sub_ids, ans_ids):
        sub_ids, ans_ids = sub_ids.astype(str), ans_ids.astype(str)
    mismatched = sub_ids != ans_ids
    if np.asarray(mismatched).any():
        raise InvalidSubmissionError(
            f"submission {id_column!r} values do not match the test ids "
            f"({int(np.sum(mismatched))} of {len(ans_ids)} differ after sorting; "
            "duplicated or missing ids?)"
        )
    return submission, answers


def _rows_of(sub_ids: np.ndarray, ans_ids: np.ndarray) -> np.ndarray | None:
    """For each answer, the row of the submission with its id, if the ids are the same
    unique text or integers in another order; else None (the ids are sorted and compared).

    A hash lookup: sorting text ids compares Python strings, seconds on large files.
    """
    if sub_ids.dtype != ans_ids.dtype or sub_ids.dtype.kind not in "Oiu":
        return None
    submitted, expected = pd.Index(sub_ids), pd.Index(ans_ids)
    if not (submitted.is_unique and expected.is_unique):
        return None
    rows = submitted.get_indexer(expected)
    return rows if (rows >= 0).all() else None


def binary_auc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """scikit-learn's ``roc_auc_score`` for two classes, computed by counting ranked pairs.

    The same value (the larger label is the positive class; tied scores count one half) up to
    float rounding, in a third of the time or less (a million rows: 0.16-0.32 s against
    0.94 s on the 2-core benchmark VM): with scikit-learn's, grading the tabular file of
    benchmarks/grading_speed.py misses its target of a third of MLE-bench's time. Anything
    but finite scores and two numeric classes goes to scikit-learn, so its errors (one class
    only, NaN, ...) stay the errors graders see.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score)
    usable = (
        y_true.ndim == 1
        and y_true.size > 0
        and y_true.shape == y_score.shape
        and y_true.dtype.kind in "biuf"
        and y_score.dtype.kind in "iuf"
        and np.isfinite(y_true).all()
        and np.isfinite(y_score).all()
    )
    if usable:
        low, high = y_true.min(), y_true.max()
        positive = y_true == high
        usable = low != high and bool((positive | (y_true == low)).all())
    if not usable:
        return float(roc_auc_score(y_true, y_score))
    positive_rows = np.flatnonzero(positive)
    negative_rows = np.flatnonzero(~positive)
    n_pos, n_neg = len(positive_rows), len(negative_rows)
    # take() with row numbers: several times faster than a boolean mask on mixed classes
    positives = np.sort(y_score.take(positive_rows))
    negatives = np.sort(y_score.take(negative_rows))
    # Each value of the smaller class is looked up in the larger: pairs with the other value
    # below it, and below or tied with it.
    small, large = (positives, negatives) if n_pos <= n_neg else (negatives, positives)
    below = int(np.searchsorted(large, small, "left").sum())
    not_above = int(np.searchsorted(large, small, "right").sum())
    pairs = n_pos * n_neg
    # Twice the pairs ranked right (positive above negative) plus the tied ones.
    twice_right = below + not_above if small is positives else 2 * pairs - below - not_above
    return float(twice_right / (2 * pairs))


def mean_binary_auc(columns: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """Mean of ``binary_auc`` over (labels, scores) pairs: sklearn's macro average."""
    return float(np.mean([binary_auc(labels, scores) for labels, scores in columns]))


def probabilities(submission: pd.DataFrame, column: str) -> np.ndarray:
    values = numeric_values(submission, column)
    if values.min(initial=0.0) < 0 or values.max(initial=0.0) > 1:
        raise InvalidSubmissionError(
            f"column {column!r} holds probabilities and must lie in [0, 1]"
        )
    return values


def auroc(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> float:
    """ROC AUC of a probability column against binary answers."""
    require_columns(submission, [id_column, target_column])
    require_row_count(submission, answers)
    probabilities(submission, target_column)
    submission, answers = sorted_by_id(submission, answers, id_column)
    return binary_auc(answers[target_column].to_numpy(), numeric_values(submission, target_column))


def mean_column_auroc(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, targets: Sequence[str]
) -> float:
    """Mean over target columns of each column's ROC AUC."""
    require_columns(submission, [id_column, *targets])
    submission, answers = sorted_by_id(submission, answers, id_column)
    return mean_binary_auc([(answers[t].to_numpy(), probabilities(submission, t)) for t in targets])


def accuracy(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> float:
    """Share of test ids whose predicted label equals the answer."""
    require_row_count(submission, answers)
    require_columns(submission, [id_column, target_column])
    # scikit-learn raises on missing labels; MLE-bench counts that invalid with no reason.
    missing = int(submission[target_column].isna().sum())
    if missing:
        raise InvalidSubmissionError(f"column {target_column!r} has {missing} empty prediction(s)")
    submission, answers = sorted_by_id(submission, answers, id_column)
    return float(
        accuracy_score(answers[target_column].to_numpy(), submission[target_column].to_numpy())
    )


def one_hot_log_loss(
    submission: pd.DataFrame,
    answers: pd.DataFrame,
    id_column: str,
    classes: Sequence[str],
    *,
    sum_tolerance: float = 1e-6,
) -> float:
    """Multi-class log loss of per-class probability columns against one-hot answers.

    Rows must already be probabilities in [0, 1] that sum to one (within ``sum_tolerance``).
    """
    expected_shape = (len(answers), len(classes) + 1)
    if submission.shape != expected_shape:
        raise InvalidSubmissionError(
            f"submission has shape {submission.shape}, expected {expected_shape} "
            f"(an {id_column!r} column and one column per class: {list(classes)})"
        )
    require_columns(submission, [id_column, *classes])
    values = submission[list(classes)]
    try:
        values = values.apply(pd.to_numeric)
    except (ValueError, TypeError):
        raise InvalidSubmissionError("class probability columns must be numeric") from None
    if not np.all(np.isclose(values.sum(axis=1), 1, atol=sum_tolerance)):
        raise InvalidSubmissionError("each row's class probabilities must sum to one")
    if not ((values >= 0) & (values <= 1)).all().all():
        raise InvalidSubmissionError("class probabilities must lie in [0, 1]")
    submission = submission[[id_column, *classes]].copy()
    submission[list(classes)] = values
    submission, answers = sorted_by_id(submission, answers, id_column)
    return float(log_loss(answers[list(classes)].to_numpy(), submission[list(classes)].to_numpy()))


def macro_f1(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> float:
    """scikit-learn's macro-averaged F1 of whole-number class labels, rows matched by id.

    The classes are the union of true and predicted labels, as in ``f1_score``. MLE-bench
    turns each prediction into ``int(value)``, truncating fractions; a fractional or missing
    label is invalid here, with a reason.
    """
    require_row_count(submission, answers)
    require_columns(submission, [id_column, target_column])
    labels = numeric_values(submission, target_column)
    if not np.array_equal(labels, np.round(labels)):
        raise InvalidSubmissionError(f"column {target_column!r} must hold whole-number labels")
    submission = submission[[id_column]].assign(**{target_column: labels.astype(np.int64)})
    submission, answers = sorted_by_id(submission, answers, id_column)
    return float(
        f1_score(
            answers[target_column].to_numpy(dtype=np.int64),
            submission[target_column].to_numpy(),
            average="macro",
        )
    )


def text_accuracy(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> float:
    """Share of test ids whose prediction, as text, equals the answer as text.

    Both sides go through ``astype(str)`` (as MLE-bench's text graders do), so an empty
    cell matches an empty answer: pandas reads both as NaN, i.e. ``"nan"``.
    """
    require_row_count(submission, answers)
    require_columns(submission, [id_column, target_column])
    submission, answers = sorted_by_id(submission, answers, id_column)
    return float(
        accuracy_score(
            answers[target_column].astype(str).to_numpy(),
            submission[target_column].astype(str).to_numpy(),
        )
    )


def quadratic_weighted_kappa(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> float:
    """scikit-learn's quadratically weighted Cohen's kappa of whole-number labels, by id.

    As in MLE-bench, predictions are labels as they are (not clipped to the answers' range;
    the weights follow the sorted union of labels). Fractional predictions make
    scikit-learn's kappa fail in MLE-bench; here they are invalid with a reason.
    """
    require_columns(submission, [id_column, target_column])
    require_row_count(submission, answers)
    labels = numeric_values(submission, target_column)
    if not np.array_equal(labels, np.round(labels)):
        raise InvalidSubmissionError(f"column {target_column!r} must hold whole-number labels")
    submission, answers = sorted_by_id(submission, answers, id_column)
    return float(
        cohen_kappa_score(
            submission[target_column].to_numpy(),
            answers[target_column].to_numpy(),
            weights="quadratic",
        )
    )


def mean_word_jaccard(
    predictions: Sequence[str], answers: Sequence[str], *, both_empty: float | None
) -> float:
    """Mean over rows of the Jaccard index of lower-cased, whitespace-split word sets.

    A row where prediction and answer both have no words has no defined index:
    ``both_empty`` is its score (scikit-learn's ``jaccard_score`` gives 0), or None to make
    such a submission invalid (the competition's own formula divides by zero there).
    """
    scores = np.empty(len(answers))
    for row, (predicted, true) in enumerate(zip(predictions, answers, strict=True)):
        a, b = set(predicted.lower().split()), set(true.lower().split())
        if not a and not b:
            if both_empty is None:
                raise InvalidSubmissionError(
                    f"row {row}: prediction and answer are both empty, so the word Jaccard "
                    "index is undefined (0 / 0); predict at least one word"
                )
            scores[row] = both_empty
            continue
        common = len(a & b)
        scores[row] = common / (len(a) + len(b) - common)
    return float(scores.mean())


def multilabel_micro_f1(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, label_column: str
) -> float:
    """Micro-averaged F1 of space-separated label sets, rows matched by id.

    As in MLE-bench: the classes are the labels occurring in the answers, a predicted label
    outside them is ignored (neither a hit nor a false positive), an empty cell is the empty
    set, and a label repeated within a row counts once.
    """
    require_columns(submission, [id_column, label_column])
    submission, answers = sorted_by_id(submission, answers, id_column)
    true_sets = [set(cell.split()) for cell in answers[label_column].fillna("").astype(str)]
    predicted = [set(cell.split()) for cell in submission[label_column].fillna("").astype(str)]
    classes = sorted(set().union(*true_sets))
    binarizer = MultiLabelBinarizer(classes=classes, sparse_output=True).fit([classes])
    known = set(classes)
    return float(
        f1_score(
            binarizer.transform(true_sets),
            binarizer.transform([labels & known for labels in predicted]),
            average="micro",
            zero_division=0.0,
        )
    )


Runs = tuple[np.ndarray, np.ndarray]


def rle_runs(rle: str, n_pixels: int) -> Runs:
    """The runs of a run-length-encoded mask as 0-based ``(starts, ends)`` arrays.

    Runs are ``start length`` pairs, 1-indexed over the flattened image (Kaggle's
    segmentation competitions number pixels down each column, then across). Starts must be
    increasing and runs positive and not overlapping (MLE-bench's rules); an empty or blank
    string is an empty mask. Runs past the last pixel are cut off, as MLE-bench's slicing
    does. An odd count of numbers is refused (MLE-bench's numpy broadcasting pairs a lone
    length with every start, or ignores a last start, or fails). Raises ``ValueError`` with
    the reason. Works on the runs alone, so a gigapixel mask is never materialised.
    """
    tokens = rle.split()
    if not tokens:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    try:
        numbers = np.array([int(token) for token in tokens], dtype=np.int64)
    except (ValueError, OverflowError):
        raise ValueError("run-length encodings must be whitespace-separated integers") from None
    if len(numbers) % 2:
        raise ValueError(
            f"an odd count of numbers ({len(numbers)}): every run needs a start and a length"
        )
    starts, lengths = numbers[0::2] - 1, numbers[1::2]
    if (np.diff(starts) < 0).any():
        raise ValueError("run starts must be in increasing order")
    if (numbers <= 0).any():
        raise ValueError("run starts and lengths must be positive integers")
    starts = np.minimum(starts, n_pixels)
    ends = np.minimum(starts + lengths, n_pixels)
    reach = np.maximum.accumulate(ends)  # the furthest pixel covered so far
    overlapping = np.flatnonzero((starts[1:] < reach[:-1]) & (starts[1:] < n_pixels))
    if len(overlapping):
        raise ValueError(f"the run starting at {starts[overlapping[0] + 1] + 1} overlaps another")
    return starts, ends


def rle_decode(rle: str, height: int, width: int) -> np.ndarray:
    """A run-length-encoded mask (see ``rle_runs``) as a ``height x width`` boolean array."""
    return _mask_of(rle_runs(rle, height * width), height, width)


def _mask_of(runs: Runs, height: int, width: int) -> np.ndarray:
    mask = np.zeros(height * width, dtype=bool)
    for start, end in zip(*runs, strict=True):
        mask[start:end] = True
    return mask.reshape(width, height).T


def runs_area(runs: Runs) -> int:
    return int((runs[1] - runs[0]).sum())


def runs_intersection(a: Runs, b: Runs) -> int:
    """Pixels two masks' runs share (runs sorted and non-overlapping, as ``rle_runs``)."""
    b_starts, b_ends = b
    covered_before = np.concatenate([[0], np.cumsum(b_ends - b_starts)])

    def covered_below(x: np.ndarray) -> np.ndarray:  # pixels of b below position x
        j = np.searchsorted(b_starts, x, side="left")  # b's runs starting below x
        last_end = b_ends[np.maximum(j - 1, 0)] if len(b_starts) else np.zeros_like(x)
        return covered_before[j] - np.where(j > 0, np.maximum(last_end - x, 0), 0)

    a_starts, a_ends = a
    return int((covered_below(a_ends) - covered_below(a_starts)).sum())


def dice_of_runs(predicted: Runs, true: Runs, both_empty: float = 1.0) -> float:
    """Dice coefficient 2|P ∩ T| / (|P| + |T|) of two masks given as runs."""
    total = runs_area(predicted) + runs_area(true)
    if total == 0:
        return both_empty
    return 2 * runs_intersection(predicted, true) / total


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two ``(xmin, ymin, xmax, ymax)`` boxes; 0 when their union
    has no area. The arithmetic follows MLE-bench's order, so values at a threshold agree."""
    inter_width = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    inter_height = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = inter_width * inter_height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def global_dice_of_runs(predicted: Sequence[Runs], true: Sequence[Runs]) -> float:
    """Dice coefficient over all images' pixels at once: 2 sum|P ∩ T| / (sum|P| + sum|T|).

    Both empty everywhere: undefined (MLE-bench's ``dice_coefficient`` gives NaN), invalid.
    """
    total = sum(runs_area(p) + runs_area(t) for p, t in zip(predicted, true, strict=True))
    if total == 0:
        raise InvalidSubmissionError(
            "the prediction and the answers mark no pixel at all, so the Dice coefficient is "
            "undefined (0 / 0)"
        )
    common = sum(runs_intersection(p, t) for p, t in zip(predicted, true, strict=True))
    return 2 * common / total


IOU_THRESHOLDS = np.arange(0.5, 1.0, 0.05)


def precision_over_iou_thresholds(true: np.ndarray, predicted: np.ndarray) -> float:
    """One image's score with one object per mask: the share of IoU thresholds 0.5, 0.55,
    ..., 0.95 that the IoU of the two masks strictly exceeds (a hit counts 1, a miss 0).

    Both empty scores 1; an empty truth with a predicted mask 0. MLE-bench's formula bins
    each mask's pixels into two histogram bins, which puts every pixel of a constant mask in
    the foreground bin: an empty prediction therefore counts as covering the whole image,
    so against a truth covering over half of it it scores its area share's thresholds.
    """
    true_area, predicted_area = int(true.sum()), int(predicted.sum())
    if true_area == 0:
        return 1.0 if predicted_area == 0 else 0.0
    if predicted_area == 0:
        iou = true_area / true.size  # the quirk above: the prediction acts as all-foreground
    else:
        both = int(np.logical_and(true, predicted).sum())
        iou = both / (true_area + predicted_area - both)
    return float(np.mean(iou > IOU_THRESHOLDS))


def rle_runs_per_image(
    values: Sequence[str], ids: Sequence, n_pixels: Sequence[int], *, what: str = "submission"
) -> list[Runs]:
    """Every RLE string as runs; a bad one makes the submission invalid, naming its id."""
    runs = []
    for image_id, value, n in zip(ids, values, n_pixels, strict=True):
        try:
            runs.append(rle_runs(value, n))
        except ValueError as err:
            raise InvalidSubmissionError(
                f"{what}: bad run-length encoding for id {image_id!r}: {err}"
            ) from None
    return runs


def rle_masks(
    values: Sequence[str], ids: Sequence, height: int, width: int, *, what: str = "submission"
) -> list[np.ndarray]:
    """Every RLE string as a ``height x width`` mask (see ``rle_runs_per_image``)."""
    runs = rle_runs_per_image(values, ids, [height * width] * len(ids), what=what)
    return [_mask_of(image, height, width) for image in runs]


def rle_text_column(frame: pd.DataFrame, column: str) -> list[str]:
    """An RLE column as strings, missing cells as empty masks (MLE-bench's ``fillna("")``);
    any other non-text cell makes the submission invalid."""
    values = frame[column].astype(object).where(frame[column].notna(), "")
    bad = [i for i, v in enumerate(values) if not isinstance(v, str)]
    if bad:
        raise InvalidSubmissionError(
            f"column {column!r} must hold run-length encodings as text; row {bad[0]} holds "
            f"{values.iloc[bad[0]]!r} ({len(bad)} such row(s))"
        )
    return list(values)


def mean_average_precision_at_k(
    actual: Sequence[set[str]], predicted: Sequence[Sequence[str]], k: int
) -> float:
    """MAP@k: per row, precision at each rank (up to ``k``) whose prediction is a new hit,
    summed and divided by ``min(len(actual), k)``; averaged over rows.

    A prediction repeated within a row counts once; a row without true labels scores 0.
    """
    scores = np.zeros(len(actual))
    for row, (truth, guesses) in enumerate(zip(actual, predicted, strict=True)):
        if not truth:
            continue
        hits, total, seen = 0, 0.0, set()
        for rank, guess in enumerate(guesses[:k], start=1):
            if guess in truth and guess not in seen:
                hits += 1
                total += hits / rank
            seen.add(guess)
        scores[row] = total / min(len(truth), k)
    return float(scores.mean())


def mean_levenshtein(predicted: Sequence[object], truth: Sequence[object]) -> float:
    """Mean character edit distance (insert, delete, substitute, each 1) over pairs of texts.

    A value that is not text (a missing cell) makes the submission invalid, as it makes
    MLE-bench's grader fail.
    """
    from rapidfuzz.distance import Levenshtein

    for i, value in enumerate(predicted):
        if not isinstance(value, str):
            raise InvalidSubmissionError(f"row {i}: expected text, found {value!r}")
    return float(
        np.mean([Levenshtein.distance(t, p) for t, p in zip(truth, predicted, strict=True)])
    )
