"""Experiments (run groups): records, reports' experiment field, MLE-bench report imports."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dagster import AssetKey, instance_for_test, materialize

from mle_pipeline import experiments
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.cli import main
from mle_pipeline.definitions import build_assets
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import build
from mle_pipeline.registry import load_split

CID = "spaceship-titanic"


def test_cli_run_records_its_experiment_in_file_and_reports(env: Path, capsys) -> None:
    assert main(["run", "-c", CID, "--agent", "dummy", "--experiment", "exp-1"]) == 0
    out = capsys.readouterr().out
    assert "experiment exp-1" in out
    record = json.loads((env / "experiments" / "exp-1.json").read_text())
    assert record["status"] == "complete" and record["agent"] == "dummy"
    assert record["competitions"] == [CID] and record["seeds"] == [0]
    created, deadline = (datetime.fromisoformat(record[k]) for k in ("created_at", "deadline"))
    # dummy's limit is 600 s, one run: 1 h + 1.1 × 600 s.
    assert deadline - created == timedelta(hours=1, seconds=660)
    report = json.loads(DataLayout(env).report_path("dummy", CID, 0).read_text())
    assert report["experiment"] == "exp-1"

    # Without --experiment: <UTC timestamp>_<agent>; nothing is rerun, the old report stays.
    assert main(["run", "-c", CID, "--agent", "dummy"]) == 0
    ids = sorted(p.stem for p in (env / "experiments").glob("*.json"))
    assert len(ids) == 2 and re.fullmatch(r"\d{8}T\d{6}Z_dummy", ids[0])

    assert main(["run", "-c", CID, "--agent", "dummy", "--experiment", "../escape"]) == 2
    assert "experiment id" in capsys.readouterr().err


def test_reports_without_experiment_and_regraded_alone(tmp_path: Path) -> None:
    settings = PipelineSettings(data_root=str(tmp_path))
    assets = build_assets(["dummy"])
    run_keys = [AssetKey(["dummy", "agent_run"]), AssetKey(["dummy", "graded_report"])]
    report = settings.layout.report_path("dummy", CID, 0)
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        assert materialize(assets, selection=["raw", "prepared"], partition_key=CID, **kwargs)
        # As from the UI: no experiment tag.
        assert materialize(assets, selection=run_keys, partition_key=run_key(CID, 0), **kwargs)
        assert json.loads(report.read_text())["experiment"] is None
        # Run by an experiment, then regraded on its own: the report keeps the experiment.
        tags = {experiments.EXPERIMENT_TAG: "exp-2"}
        assert materialize(
            assets, selection=run_keys, partition_key=run_key(CID, 0), tags=tags, **kwargs
        )
        assert materialize(assets, selection=run_keys[1:], partition_key=run_key(CID, 0), **kwargs)
    assert json.loads(report.read_text())["experiment"] == "exp-2"


def test_reopening_an_experiment_merges_and_extends(tmp_path: Path) -> None:
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    first = experiments.start(
        tmp_path,
        "e",
        agents=["a"],
        splits=["low"],
        competitions=["c1"],
        seeds=[0],
        time_limit_seconds=3600,
        data_source="sample",
        now=t0,
    )
    assert first.is_open(t0 + timedelta(hours=2)) and not first.is_open(t0 + timedelta(hours=3))
    experiments.finish(tmp_path, first, experiments.INTERRUPTED)
    again = experiments.start(
        tmp_path,
        "e",
        agents=["a"],
        splits=[],
        competitions=["c2"],
        seeds=[1],
        time_limit_seconds=3600,
        data_source="sample",
        now=t0 + timedelta(days=1),
    )
    assert again.created_at == first.created_at and again.status == "running"
    assert again.competitions == ["c1", "c2"] and again.seeds == [0, 1]
    assert len(again.pairs()) == 4
    assert experiments.open_pairs(tmp_path, now=t0 + timedelta(days=1, hours=1))[1] == ["e"]
    with pytest.raises(experiments.ExperimentError):
        experiments.check_id("a/b")


# ------------------------------------------------------------ importing MLE-bench reports


def _mlebench_report(cid: str, medal: bool, valid: bool = True) -> dict:
    """One entry of MLE-bench's competition_reports (CompetitionReport.to_dict()); its
    thresholds and bronze claim are the file's own (the import recomputes them)."""
    return {
        "competition_id": cid,
        "score": (1.0 if medal else 0.5) if valid else None,
        "gold_threshold": 0.95,
        "silver_threshold": 0.93,
        "bronze_threshold": 0.9,
        "median_threshold": 0.8,
        "any_medal": medal,
        "gold_medal": False,
        "silver_medal": False,
        "bronze_medal": medal,
        "above_median": medal,
        "submission_exists": valid,
        "valid_submission": valid,
        "is_lower_better": False,
        "created_at": "2024-09-19T20:07:15.000000",
        "submission_path": f"/home/runs/{cid}/submission.csv" if valid else "None",
    }


def _write_run_group(path: Path, reports: list[dict]) -> Path:
    """MLE-bench's aggregate_reports() summary, as `mlebench grade` writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "total_runs": len(reports),
                "total_runs_with_submissions": sum(r["submission_exists"] for r in reports),
                "total_valid_submissions": sum(r["valid_submission"] for r in reports),
                "total_medals": sum(r["any_medal"] for r in reports),
                "total_gold_medals": 0,
                "total_silver_medals": 0,
                "total_bronze_medals": sum(r["bronze_medal"] for r in reports),
                "total_above_median": sum(r["above_median"] for r in reports),
                "competition_reports": reports,
            },
            indent=4,
        )
    )
    return path


def test_import_mlebench_reports_beside_our_own(env: Path, tmp_path: Path, capsys) -> None:
    lite = load_split("lite")
    runs = tmp_path / "mlebench-runs"
    # Given in reverse order: seeds follow sorted paths, as MLE-bench's aggregation reads them.
    second = _write_run_group(
        runs / "2024-09-08_run-group_aide" / "grading_report.json",
        [_mlebench_report(lite[1], False, valid=False), _mlebench_report(lite[0], False)],
    )
    first = _write_run_group(
        runs / "2024-09-07_run-group_aide" / "grading_report.json",
        [_mlebench_report(lite[0], True), _mlebench_report(lite[1], True)],
    )
    third = _write_run_group(  # lite[1] is missing here: lite[0] alone gets seed 2
        runs / "2024-09-09_run-group_aide" / "grading_report.json",
        [_mlebench_report(lite[0], True)],
    )
    args = ["import-reports", str(third), str(second), str(first), "--agent", "aide"]
    assert main([*args, "--experiment", "aide-2024"]) == 0
    assert "imported 5 report(s) from 3 file(s)" in capsys.readouterr().out

    layout = DataLayout(env)
    seed0 = json.loads(layout.report_path("aide", lite[0], 0).read_text())
    # Medals come from the score and this project's thresholds (1.0 is gold for both).
    assert seed0["imported_from"] == str(first.resolve()) and seed0["gold_medal"] is True
    assert not seed0["bronze_medal"] and seed0["extra"]["imported_claims"]["bronze_medal"]
    assert seed0["data_source"] == "kaggle" and seed0["sample_data"] is False
    assert seed0["agent"] == "aide" and seed0["seed"] == 0 and seed0["experiment"] == "aide-2024"
    seed1 = json.loads(layout.report_path("aide", lite[1], 1).read_text())
    assert seed1["imported_from"] == str(second.resolve()) and not seed1["valid_submission"]
    assert json.loads(layout.report_path("aide", lite[0], 2).read_text())["any_medal"]
    assert not layout.report_path("aide", lite[1], 2).exists()
    record = json.loads((env / "experiments" / "aide-2024.json").read_text())
    assert record["status"] == "complete" and len(record["imported_from"]) == 3

    # Importing again is idempotent; another agent's files at the same paths conflict.
    assert main(args) == 0
    other = _write_run_group(runs / "other.json", [_mlebench_report(lite[0], False)])
    assert main(["import-reports", str(other), "--agent", "aide"]) == 2
    assert "already exist" in capsys.readouterr().err
    bad = runs / "not-a-report.json"
    bad.write_text(json.dumps({"total_runs": 0}))
    assert main(["import-reports", str(bad), "--agent", "x"]) == 2
    assert "competition_reports" in capsys.readouterr().err

    # On the leaderboard as Kaggle results: seeds 0-2, missing (competition, seed) = failure.
    row = (
        build(layout.reports_root, vouched=None)
        .summary.query("agent == 'aide' and split == 'low'")
        .iloc[0]
    )
    assert row.data == "Kaggle (kaggle)" and not row.sample_data and row.n_seeds == 3
    assert row.any_medal_pct_mean == pytest.approx((2 + 0 + 1) / 3 / 22 * 100)
    assert main(["leaderboard", "--format", "md"]) == 0
    assert "Kaggle (kaggle)" in capsys.readouterr().out
    page = tmp_path / "board.html"
    assert main(["leaderboard", "--format", "html", "--output", str(page)]) == 0
    assert "written to" in capsys.readouterr().out
    assert page.read_text().startswith("<!DOCTYPE html>") and "Kaggle (kaggle)" in page.read_text()
