"""Shared metric helpers against scikit-learn and against their slow paths."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import roc_auc_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import (
    accuracy,
    auroc,
    binary_auc,
    dice_of_runs,
    macro_f1,
    mean_average_precision_at_k,
    mean_binary_auc,
    mean_column_auroc,
    multilabel_micro_f1,
    one_hot_log_loss,
    precision_over_iou_thresholds,
    rle_decode,
    rle_runs,
    sorted_by_id,
    text_accuracy,
)


@settings(max_examples=300, deadline=None)
@given(
    labels=st.sampled_from([(0, 1), (1, 2), (-1, 1), (False, True), (0.0, 1.0)]),
    n=st.integers(2, 60),
    data=st.data(),
)
def test_binary_auc_equals_sklearn(labels: tuple, n: int, data: st.DataObject) -> None:
    y_true = np.array(data.draw(st.lists(st.sampled_from(labels), min_size=n, max_size=n)))
    # Few distinct scores: ties between and within classes are common.
    scores = st.sampled_from([0, 0.25, -0.0, 0.5, 1])
    y_score = data.draw(hnp.arrays(np.float64, n, elements=scores))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # one class: NaN, as sklearn
        expected = roc_auc_score(y_true, y_score)
        got = binary_auc(y_true, y_score)
    assert got == pytest.approx(expected, abs=1e-12, nan_ok=True)


@pytest.mark.parametrize("positive_share", [0.5, 0.01, 0.99])  # either class the smaller
def test_binary_auc_large_random_matches_sklearn(positive_share: float) -> None:
    rng = np.random.default_rng(3)
    # above the size where both classes sort at once
    y_true = (rng.random(300_000) < positive_share).astype(int)
    y_score = np.round(rng.random(300_000) + 0.3 * y_true, 3)
    assert binary_auc(y_true, y_score) == pytest.approx(roc_auc_score(y_true, y_score), abs=1e-12)


def test_binary_auc_leaves_unusual_input_to_sklearn() -> None:
    with pytest.warns(UndefinedMetricWarning, match="Only one class"):
        assert np.isnan(binary_auc(np.ones(5), np.arange(5.0)))
    with pytest.raises(ValueError):
        binary_auc(np.array([0, 1, np.nan]), np.arange(3.0))
    labels = np.array(["no", "yes", "no", "yes"])
    scores = np.array([0.1, 0.9, 0.4, 0.3])
    assert binary_auc(labels, scores) == roc_auc_score(labels, scores)


def _frames(ids: list, answer_ids: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    submission = pd.DataFrame({"id": ids, "p": np.linspace(0, 1, len(ids))})
    answers = pd.DataFrame({"id": answer_ids, "y": np.arange(len(answer_ids)) % 2})
    return submission, answers


@pytest.mark.parametrize(
    ("ids", "answer_ids"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4]),  # same order, increasing: not sorted again
        ([4, 2, 3, 1], [4, 2, 3, 1]),  # same order, unsorted ints
        (["b", "a", "c"], ["b", "a", "c"]),
        ([3, 1, 2], [1, 2, 3]),  # other order: paired by id
        (["c", "a", "b", "d"], ["a", "b", "d", "c"]),
        ([2.5, 1.5], [1.5, 2.5]),  # floats: sorted
        ([1, 1, 2], [1, 1, 2]),  # duplicated ids: pairs as sorting pairs them
        ([2, 1, 1, 2], [2, 1, 1, 2]),
    ],
)
def test_sorted_by_id_pairs_rows_as_sorting_does(ids: list, answer_ids: list) -> None:
    submission, answers = _frames(ids, answer_ids)
    got_sub, got_ans = sorted_by_id(submission, answers, "id")
    want_sub = submission.sort_values("id")
    want_ans = answers.sort_values("id")
    pairs = sorted(zip(got_sub["p"], got_ans["y"], strict=True))
    assert pairs == sorted(zip(want_sub["p"], want_ans["y"], strict=True))


@pytest.mark.parametrize(
    ("ids", "answer_ids"),
    [([1, 2, 5], [1, 2, 3]), (["a", "a", "b"], ["a", "b", "c"]), (["b", "a"], ["a", "a"])],
)
def test_sorted_by_id_rejects_other_ids(ids: list, answer_ids: list) -> None:
    submission, answers = _frames(ids, answer_ids)
    with pytest.raises(InvalidSubmissionError, match="do not match"):
        sorted_by_id(submission, answers, "id")


def test_binary_auc_of_integer_scores_with_ties() -> None:
    rng = np.random.default_rng(5)
    y_true = rng.integers(0, 2, 5_000)
    y_score = rng.integers(-3, 4, 5_000)  # seven values: nearly every pair of classes ties
    assert binary_auc(y_true, y_score) == pytest.approx(roc_auc_score(y_true, y_score), abs=1e-12)


def test_quadratic_weighted_kappa_by_hand() -> None:
    from mle_pipeline.grading.metrics import quadratic_weighted_kappa

    answers = pd.DataFrame({"id": ["a", "b", "c"], "y": [1, 2, 3]})
    # Observed pairs (1,1), (3,2), (2,3): weighted disagreement 0 + 1 + 1 = 2. Expected
    # counts are all 1/3, weighted (0+1+4+1+0+1+4+1+0)/3 = 4. Kappa = 1 - 2/4.
    submission = pd.DataFrame({"id": ["c", "a", "b"], "y": [2, 1, 3]})  # ids out of order
    assert quadratic_weighted_kappa(submission, answers, "id", "y") == pytest.approx(0.5)
    floats = submission.assign(y=[2.0, 1.0, 3.0])  # whole numbers written as floats: the same
    assert quadratic_weighted_kappa(floats, answers, "id", "y") == pytest.approx(0.5)
    perfect = answers.copy()
    assert quadratic_weighted_kappa(perfect, answers, "id", "y") == pytest.approx(1.0)
    with pytest.raises(InvalidSubmissionError, match="whole-number"):
        quadratic_weighted_kappa(submission.assign(y=[2.5, 1, 3]), answers, "id", "y")


def test_mean_word_jaccard_by_hand() -> None:
    from mle_pipeline.grading.metrics import mean_word_jaccard

    # {good, day} vs {good, night}: 1 common of 3 words; "Hi hi" vs "HI": {hi} = {hi}.
    assert mean_word_jaccard(["good day", "Hi hi"], ["Good  night", "HI"], both_empty=None) == (
        pytest.approx((1 / 3 + 1) / 2)
    )
    assert mean_word_jaccard(["", "a"], ["", "b"], both_empty=0.0) == 0.0
    assert mean_word_jaccard(["x"], [""], both_empty=None) == 0.0  # one side empty: 0 / 1
    with pytest.raises(InvalidSubmissionError, match="both empty"):
        mean_word_jaccard(["", "a"], ["  ", "a"], both_empty=None)


# Tiny cases checkable by hand: a constant or wrong metric fails them.


def test_binary_auc_by_hand() -> None:
    # Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of the 4 pairs ranked right.
    assert binary_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])) == 0.75
    # One pair tied: counts one half.
    assert binary_auc(np.array([0, 1]), np.array([0.3, 0.3])) == 0.5
    assert binary_auc(np.array([1, 0, 0]), np.array([0.2, 0.5, 0.9])) == 0.0


def test_mean_binary_auc_by_hand() -> None:
    perfect = (np.array([0, 1]), np.array([0.1, 0.9]))
    reversed_ = (np.array([0, 1]), np.array([0.9, 0.1]))
    half = (np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    assert mean_binary_auc([perfect, reversed_]) == 0.5
    assert mean_binary_auc([perfect, half]) == 0.875


def test_auroc_pairs_rows_by_id_by_hand() -> None:
    answers = pd.DataFrame({"id": [1, 2, 3], "y": [0, 1, 1]})
    # By id: 1 -> 0.5 (negative), 2 -> 0.2, 3 -> 0.9: one of two pairs right.
    submission = pd.DataFrame({"id": [3, 1, 2], "y": [0.9, 0.5, 0.2]})
    assert auroc(submission, answers, "id", "y") == 0.5
    # Paired by position instead: 0.9 negative above both positives, 0.0.
    assert binary_auc(answers["y"].to_numpy(), submission["y"].to_numpy()) == 0.0
    with pytest.raises(InvalidSubmissionError, match=r"\[0, 1\]"):
        auroc(submission.assign(y=[1.5, 0.5, 0.2]), answers, "id", "y")


def test_mean_column_auroc_by_hand() -> None:
    answers = pd.DataFrame({"id": ["a", "b"], "p": [0, 1], "q": [1, 0]})
    submission = pd.DataFrame({"id": ["b", "a"], "p": [0.9, 0.1], "q": [0.8, 0.2]})
    # p ranks b (positive) above a: 1.0; q ranks b (negative) above a: 0.0.
    assert mean_column_auroc(submission, answers, "id", ["p", "q"]) == 0.5


def test_accuracy_by_hand() -> None:
    answers = pd.DataFrame({"id": ["a", "b", "c", "d"], "label": [1, 2, 3, 1]})
    submission = pd.DataFrame({"id": ["d", "c", "b", "a"], "label": [1, 3, 2, 2]})
    assert accuracy(submission, answers, "id", "label") == 0.75  # only a is wrong
    with pytest.raises(InvalidSubmissionError, match="1 empty prediction"):
        accuracy(submission.assign(label=[1, None, 2, 2]), answers, "id", "label")


def test_one_hot_log_loss_by_hand() -> None:
    answers = pd.DataFrame({"id": [1, 2], "A": [1, 0], "B": [0, 1]})
    # Row 1 gives its true class 0.5, row 2 gives 0.25: -(ln 0.5 + ln 0.25) / 2 = 1.5 ln 2.
    submission = pd.DataFrame({"id": [2, 1], "A": [0.75, 0.5], "B": [0.25, 0.5]})
    got = one_hot_log_loss(submission, answers, "id", ["A", "B"])
    assert got == pytest.approx(1.5 * np.log(2), abs=1e-12)
    with pytest.raises(InvalidSubmissionError, match="sum to one"):
        one_hot_log_loss(submission.assign(B=[0.5, 0.5]), answers, "id", ["A", "B"])


def test_text_accuracy_by_hand() -> None:
    answers = pd.DataFrame({"id": ["x", "y", "z"], "after": ["one", "two", np.nan]})
    submission = pd.DataFrame({"id": ["z", "y", "x"], "after": [np.nan, "2", "one"]})
    # x right, y wrong, z right (an empty cell matches an empty answer): 2 of 3.
    assert text_accuracy(submission, answers, "id", "after") == pytest.approx(2 / 3)


def test_numeric_ids_written_as_floats_match_as_numbers() -> None:
    answers = pd.DataFrame({"id": [1, 2, 3], "y": [0, 1, 1]})
    submission = pd.DataFrame({"id": [3.0, 1.0, 2.0], "y": [0.9, 0.5, 0.2]})
    got_sub, got_ans = sorted_by_id(submission, answers, "id")
    assert got_sub["id"].tolist() == [1.0, 2.0, 3.0] and got_ans["id"].tolist() == [1, 2, 3]
    assert auroc(submission, answers, "id", "y") == 0.5
    for other in ([1.5, 1.0, 2.0], [1.0, 1.0, 2.0], [1.0, 2.0, np.nan]):
        with pytest.raises(InvalidSubmissionError, match="do not match"):
            sorted_by_id(submission.assign(id=other), answers, "id")
    # Text that merely reads like the float is not a number: compared as text, as before.
    with pytest.raises(InvalidSubmissionError, match="do not match"):
        sorted_by_id(submission.assign(id=["3.0", "1.0", "2.0"]), answers, "id")


def test_multilabel_micro_f1_by_hand() -> None:
    answers = pd.DataFrame({"id": ["a", "b", "c"], "labels": ["x y", "z", "x"]})
    # Rows in another order; "w" is not an answer class, so it is ignored; "x x" counts once.
    submission = pd.DataFrame({"id": ["c", "a", "b"], "labels": ["x x", "x w", None]})
    # tp = 2 (a: x, c: x), fp = 0, fn = 2 (a: y, b: z): F1 = 2*2 / (2*2 + 0 + 2) = 2/3
    assert multilabel_micro_f1(submission, answers, "id", "labels") == pytest.approx(2 / 3)
    wrong = submission.assign(labels=["z", "z", "y"])  # tp 0, fp 3, fn 4
    assert multilabel_micro_f1(wrong, answers, "id", "labels") == 0.0


def test_rle_decode_by_hand() -> None:
    # 1-indexed runs down each column: pixels 2-3 are rows 1-2 of column 0, pixel 5 is
    # row 1 of column 1 (3 rows per column).
    mask = rle_decode("2 2 5 1", height=3, width=2)
    assert mask.tolist() == [[False, False], [True, True], [True, False]]
    assert not rle_decode(" ", height=3, width=2).any()
    for bad in ("3 1 1 1", "1 0", "1 3 2 1", "1 2 5", "1.5 2"):
        with pytest.raises(ValueError):
            rle_decode(bad, height=3, width=2)


def test_precision_over_iou_thresholds_by_hand() -> None:
    true = np.zeros((4, 4), dtype=bool)
    true[0, :] = True  # 4 pixels
    predicted = np.zeros((4, 4), dtype=bool)
    predicted[0, :3] = True  # IoU 3/4 exceeds 0.5, 0.55, ..., 0.7: 5 of 10 thresholds
    assert precision_over_iou_thresholds(true, predicted) == pytest.approx(0.5)
    assert precision_over_iou_thresholds(true, true) == 1.0
    assert precision_over_iou_thresholds(predicted & False, predicted & False) == 1.0
    assert precision_over_iou_thresholds(predicted & False, predicted) == 0.0
    # MLE-bench's quirk: an empty prediction counts as the whole image, so against a truth
    # covering 12 of 16 pixels (IoU 0.75) it also scores 5 of 10.
    assert precision_over_iou_thresholds(~true, predicted & False) == pytest.approx(0.5)
    assert precision_over_iou_thresholds(true, predicted & False) == 0.0


def test_macro_f1_by_hand() -> None:
    # By id: class 1 tp=1 fn=1 -> F1 2/3; class 2 tp=1 fp=1 -> 2/3; class 3 only predicted
    # and class 4 never predicted -> 0 each. Mean over {1, 2, 3, 4}: 1/3. 3.0 is label 3.
    answers = pd.DataFrame({"Id": [0, 1, 2, 3], "Predicted": [1, 1, 2, 4]})
    submission = pd.DataFrame({"Id": [3.0, 2.0, 1.0, 0.0], "Predicted": [3.0, 2, 2, 1]})
    assert macro_f1(submission, answers, "Id", "Predicted") == pytest.approx(1 / 3)
    with pytest.raises(InvalidSubmissionError, match="whole-number"):
        macro_f1(submission.assign(Predicted=[1.5, 2, 2, 1]), answers, "Id", "Predicted")


def test_mean_average_precision_at_k_by_hand() -> None:
    actual = [{"a"}, {"b"}, {"c", "d"}, set()]
    predicted = [
        ["a", "x"],  # hit at rank 1: 1
        ["x", "b", "b"],  # hit at rank 2: 1/2; the repeat is no new hit
        ["x", "x", "d", "y", "z", "c"],  # d at rank 3: 1/3, c is past k; / min(2, 5)
        ["a"],  # no true labels: 0
    ]
    expected = (1 + 1 / 2 + (1 / 3) / 2 + 0) / 4
    assert mean_average_precision_at_k(actual, predicted, k=5) == pytest.approx(expected)


def test_dice_of_runs_by_hand() -> None:
    # 10 pixels: predicted 1-4 (4 px), true 3-7 (5 px); they share pixels 3-4, so 2*2/9.
    assert dice_of_runs(rle_runs("1 4", 10), rle_runs("3 5", 10)) == pytest.approx(4 / 9)
    # Runs past the last pixel are cut off: "8 10" covers pixels 8-10 only (3 px).
    assert dice_of_runs(rle_runs("8 10", 10), rle_runs("8 3", 10)) == 1.0
    assert dice_of_runs(rle_runs("", 10), rle_runs(" ", 10)) == 1.0
    assert dice_of_runs(rle_runs("1 2 6 2", 10), rle_runs("", 10)) == 0.0
    # Two runs against one: 1-2 and 6-7 (4 px) vs 2-6 (5 px) share pixels 2 and 6.
    assert dice_of_runs(rle_runs("1 2 6 2", 10), rle_runs("2 5", 10)) == pytest.approx(4 / 9)


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(bool, st.tuples(st.integers(1, 6), st.integers(1, 6))),
    st.data(),
)
def test_dice_of_runs_equals_dice_of_masks(true: np.ndarray, data: st.DataObject) -> None:
    from mle_pipeline.sources.synthetic import rle_encode

    predicted = data.draw(hnp.arrays(bool, true.shape))
    height, width = true.shape
    runs_t = rle_runs(rle_encode(true), height * width)
    runs_p = rle_runs(rle_encode(predicted), height * width)
    assert (rle_decode(rle_encode(true), height, width) == true).all()
    total = true.sum() + predicted.sum()
    expected = 1.0 if total == 0 else 2 * (true & predicted).sum() / total
    assert dice_of_runs(runs_p, runs_t) == pytest.approx(expected)


def test_accuracy_rejects_a_missing_prediction_with_a_reason() -> None:
    answers = pd.DataFrame({"Id": ["a", "b"], "Category": [1, 2]})
    submission = pd.DataFrame({"Id": ["b", "a"], "Category": [2, 1]})
    assert accuracy(submission, answers, "Id", "Category") == 1.0
    with pytest.raises(InvalidSubmissionError, match="1 empty"):
        accuracy(submission.assign(Category=[2, None]), answers, "Id", "Category")


def test_mean_levenshtein_by_hand() -> None:
    from mle_pipeline.grading.metrics import mean_levenshtein

    # kitten -> sitting: 3 edits; "a b" -> "a  b": 1 insertion; equal texts: 0.
    assert mean_levenshtein(["sitting", "a  b", "x"], ["kitten", "a b", "x"]) == pytest.approx(
        4 / 3
    )
    with pytest.raises(InvalidSubmissionError, match="row 1"):
        mean_levenshtein(["a", float("nan")], ["a", "b"])
