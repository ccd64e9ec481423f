"""Every implemented competition, on its synthetic sample data.

- prepare is deterministic (two fresh runs give byte-identical files);
- the sample submission is valid; a gold submission scores best and takes gold;
- malformed submissions are invalid with a reason;
- rows in another order score the same (unless the grader pairs rows in file order).

A competition's ``grade.py`` provides ``gold_submission(answers, sample)``: the perfect
submission in the sample submission's format.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.atomic import tree_digests
from mle_pipeline.grading.grade import grade_submission, load_answers, read_table
from mle_pipeline.medals import Thresholds
from mle_pipeline.registry import all_competitions, get_competition

from .conftest import prepare_sample

IMPLEMENTED = sorted(cid for cid, c in all_competitions().items() if c.implemented)


def _paths(layout, cid):
    competition = get_competition(cid)
    prepared = layout.prepared_dir(cid)
    return competition, prepared / competition.answers, prepared / competition.sample_submission


def _grade(competition, submission: Path, answers: Path, thresholds: Thresholds | None = None):
    return grade_submission(competition, submission, answers, thresholds=thresholds)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_prepare_is_deterministic(cid: str, tmp_path: Path) -> None:
    first = prepare_sample(tmp_path / "a", cid)
    second = prepare_sample(tmp_path / "b", cid)
    digests_a = tree_digests(first.prepared_dir(cid))
    digests_b = tree_digests(second.prepared_dir(cid))
    assert digests_a == digests_b
    assert any(name.startswith("private/") for name in digests_a)
    assert "public/description.md" in digests_a
    # Answers never leak into the public folder.
    assert not any(name.startswith("public/") and "private" in name for name in digests_a)


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_sample_submission_is_valid(cid: str, prepared_root) -> None:
    competition, answers, sample = _paths(prepared_root(cid), cid)
    report = _grade(competition, sample, answers)
    if competition.options.get("sample_submission_score_undefined"):
        # A constant sample submission: MLE-bench scores it NaN, here it is invalid (reason).
        assert not report.valid_submission and "undefined" in report.invalid_reason
        return
    assert report.valid_submission, report.invalid_reason
    assert report.submission_exists and report.score is not None


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_gold_submission_scores_best_and_takes_gold(
    cid: str, prepared_root, tmp_path: Path
) -> None:
    competition, answers, sample = _paths(prepared_root(cid), cid)
    grade_module = importlib.import_module(f"mle_pipeline.competitions.{cid}.grade")
    gold = grade_module.gold_submission(load_answers(answers), read_table(sample))
    path = _write(gold, tmp_path / "gold.csv")
    report = _grade(competition, path, answers)
    assert report.valid_submission, report.invalid_reason
    sample_report = _grade(competition, sample, answers)
    if not sample_report.valid_submission:
        assert competition.options.get("sample_submission_score_undefined")
    elif competition.lower_is_better:
        assert report.score <= sample_report.score
    else:
        assert report.score >= sample_report.score
    # Against thresholds the gold score reaches, it must take gold (and nothing else).
    rigged = Thresholds(
        10, report.score, report.score, report.score, report.score, competition.lower_is_better
    )
    rigged_report = _grade(competition, path, answers, rigged)
    assert rigged_report.gold_medal and not rigged_report.silver_medal
    assert rigged_report.any_medal


# Each mutation gets the sample and its prediction column: the last, unless the config's
# options name another (a sample submission that also carries informational columns).
MUTATIONS = {
    "drop_last_row": lambda s, _: s.iloc[:-1],
    "drop_a_prediction_column": lambda s, column: s.drop(columns=[column]),
    "duplicate_first_row": lambda s, _: pd.concat([s.iloc[[0]], s.iloc[1:-1], s.iloc[[0]]]),
    "words_instead_of_predictions": lambda s, column: s.assign(**{column: "not a number"}),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_malformed_submission_is_invalid(
    cid: str, mutation: str, prepared_root, tmp_path: Path
) -> None:
    competition, answers, sample = _paths(prepared_root(cid), cid)
    if mutation == "words_instead_of_predictions" and competition.options.get("free_text_target"):
        pytest.skip("predictions are free text here: words are a valid (wrong) answer")
    frame = read_table(sample)
    column = competition.options.get("prediction_column", frame.columns[-1])
    mutated = MUTATIONS[mutation](frame, column)
    report = _grade(competition, _write(mutated, tmp_path / "bad.csv"), answers)
    assert not report.valid_submission
    assert report.score is None and report.invalid_reason
    assert not report.any_medal


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_missing_empty_and_binary_submissions_are_invalid(
    cid: str, prepared_root, tmp_path: Path
) -> None:
    competition, answers, _ = _paths(prepared_root(cid), cid)
    missing = _grade(competition, tmp_path / "absent.csv", answers)
    assert not missing.submission_exists and not missing.valid_submission
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty" in _grade(competition, empty, answers).invalid_reason
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    assert not _grade(competition, binary, answers).valid_submission
    not_csv = tmp_path / "submission.parquet"
    not_csv.write_text("x")
    assert not _grade(competition, not_csv, answers).submission_exists


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_rows_in_another_order_score_the_same(cid: str, prepared_root, tmp_path: Path) -> None:
    competition, answers, sample = _paths(prepared_root(cid), cid)
    grade_module = importlib.import_module(f"mle_pipeline.competitions.{cid}.grade")
    if getattr(grade_module, "ROW_ORDER_MATTERS", False):
        pytest.skip("this grader pairs rows in file order, as MLE-bench's does")
    gold = grade_module.gold_submission(load_answers(answers), read_table(sample))
    in_order = _grade(competition, _write(gold, tmp_path / "gold.csv"), answers)
    shuffled = gold.sample(frac=1, random_state=0)
    other_order = _grade(competition, _write(shuffled, tmp_path / "shuffled.csv"), answers)
    assert other_order.valid_submission, other_order.invalid_reason
    assert other_order.score == in_order.score
