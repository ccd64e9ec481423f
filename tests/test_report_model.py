"""The one report model: strict types, unknown keys refused, MLE-bench's field order."""

from __future__ import annotations

import json

import pytest

from mle_pipeline.grading.report import MLEBENCH_FIELDS, GradingReport, ReportError


def _report(**changes) -> dict:
    base = {
        "competition_id": "spaceship-titanic",
        "score": 0.8,
        "gold_threshold": 0.82,
        "silver_threshold": 0.81,
        "bronze_threshold": 0.80,
        "median_threshold": 0.79,
        "any_medal": True,
        "gold_medal": False,
        "silver_medal": False,
        "bronze_medal": True,
        "above_median": True,
        "submission_exists": True,
        "valid_submission": True,
        "is_lower_better": False,
        "created_at": "2026-12-07T04:00:00",
        "submission_path": "/x/submission.csv",
        "seed": 0,
    }
    return {**base, **changes}


def test_mlebench_fields_are_its_sixteen_in_order() -> None:
    assert MLEBENCH_FIELDS[0] == "competition_id" and MLEBENCH_FIELDS[-1] == "submission_path"
    assert len(MLEBENCH_FIELDS) == 16 and "invalid_reason" not in MLEBENCH_FIELDS


def test_round_trip_keeps_every_field(tmp_path) -> None:
    report = GradingReport.from_dict(_report(extra={"k": [1, 2]}))
    path = tmp_path / "seed-0.json"
    path.write_text(json.dumps(report.to_dict()))
    assert GradingReport.from_file(path) == report
    assert list(report.to_dict())[:16] == list(MLEBENCH_FIELDS)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"gold_medal": "true"}, "'gold_medal'"),
        ({"any_medal": 1}, "'any_medal'"),
        ({"score": "0.9"}, "'score'"),
        ({"score": float("nan")}, "'score'"),
        ({"seed": -1}, "'seed'"),
        ({"seed": "0"}, "'seed'"),
        ({"medal": "gold"}, "unknown key 'medal'"),
    ],
)
def test_wrong_types_and_unknown_keys_name_the_key(changes: dict, words: str) -> None:
    with pytest.raises(ReportError, match=words) as caught:
        GradingReport.from_dict(_report(**changes), "reports/a/x/seed-0.json")
    assert "reports/a/x/seed-0.json" in str(caught.value)


def test_missing_field_is_named() -> None:
    data = _report()
    del data["valid_submission"]
    with pytest.raises(ReportError, match="missing key 'valid_submission'"):
        GradingReport.from_dict(data)
