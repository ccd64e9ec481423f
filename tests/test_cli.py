"""The `mle-pipeline` command line, as a user runs it."""

import json
from pathlib import Path

from mle_pipeline.cli import main

CID = "spaceship-titanic"


def test_run_twice_then_grade_and_leaderboard(env: Path, capsys) -> None:
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    first = capsys.readouterr().out
    assert "OFFLINE SAMPLE DATA" in first and "4 materialized, 0 already current" in first

    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    second = capsys.readouterr().out
    assert "1 materialized, 3 already current" in second  # only the leaderboard
    assert "already prepared" in second and second.count("already graded") == 2

    sample = env / CID / "prepared" / "public" / "sample_submission.csv"
    assert main(["grade-sample", str(sample), CID]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid_submission"] and report["competition_id"] == CID

    assert main(["leaderboard", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    dev = next(r for r in rows if r["split"] == "dev")
    assert dev["agent"] == "dummy" and dev["n_seeds"] == 2 and dev["n_competitions"] == 7
    assert "any_medal_pct_mean" in dev and "any_medal_pct_sem" in dev


def test_grade_jsonl_writes_mlebench_summary(env: Path, tmp_path: Path, capsys) -> None:
    assert main(["prepare", "-c", CID]) == 0
    sample = env / CID / "prepared" / "public" / "sample_submission.csv"
    listing = tmp_path / "subs.jsonl"
    listing.write_text(
        json.dumps({"competition_id": CID, "submission_path": str(sample)})
        + "\n"
        + json.dumps({"competition_id": CID, "submission_path": str(tmp_path / "none.csv")})
        + "\n"
    )
    assert main(["grade", "--submissions", str(listing), "--output-dir", str(tmp_path)]) == 0
    report = json.loads(next(tmp_path.glob("*_grading_report.json")).read_text())
    assert report["total_runs"] == 2 and report["total_valid_submissions"] == 1


def test_unimplemented_and_unknown_are_refused_clearly(env: Path, capsys) -> None:
    assert main(["run", "-c", "AI4Code"]) == 2
    assert "not implemented" in capsys.readouterr().err
    assert main(["run", "-c", "no-such-competition"]) == 2
    assert "unknown competition" in capsys.readouterr().err
    assert main(["run", "--split", "nope"]) == 2
    assert "unknown split" in capsys.readouterr().err
    assert main(["run"]) == 2
