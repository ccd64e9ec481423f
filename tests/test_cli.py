"""The `mle-pipeline` command line, as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from mle_pipeline.atomic import FILE_MODE
from mle_pipeline.cli import main

CID = "spaceship-titanic"


def test_run_twice_then_grade_and_leaderboard(env: Path, capsys) -> None:
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    first = capsys.readouterr().out
    assert "OFFLINE SAMPLE DATA" in first and "4 materialized, 0 already current" in first
    # The footer explains the label once, and the last lines say where the files are.
    assert first.count("OFFLINE SAMPLE DATA") == 2  # the table row and the footer
    board = env / "leaderboard"
    assert f"leaderboard files: {board / 'leaderboard'}.{{md,json,csv,parquet,html}}" in first
    for name in ("leaderboard.md", "leaderboard.html", "leaderboard_competitions.csv"):
        assert (board / name).stat().st_mode & 0o777 == FILE_MODE
    assert FILE_MODE & 0o044  # readable by others under the usual umask (022 or 002)

    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    second = capsys.readouterr().out
    assert "1 materialized, 3 already current" in second  # only the leaderboard
    assert "already prepared" in second and second.count("already graded") == 2

    sample = env / CID / "prepared" / "public" / "sample_submission.csv"
    assert main(["grade-sample", str(sample), CID]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid_submission"] and report["competition_id"] == CID
    assert report["sample_data"] is True and report["data_source"] == "sample"

    assert main(["grade-sample", str(env / "no-such.csv"), CID]) == 2
    assert "no file at" in capsys.readouterr().err

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
    for graded in report["competition_reports"]:
        assert graded["sample_data"] is True and graded["data_source"] == "sample"


def test_unimplemented_and_unknown_are_refused_clearly(
    env: Path, capsys, unimplemented_id: str
) -> None:
    assert main(["run", "-c", unimplemented_id]) == 2
    assert "not implemented" in capsys.readouterr().err
    assert main(["run", "-c", "no-such-competition"]) == 2
    assert "unknown competition" in capsys.readouterr().err
    assert main(["run", "--split", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown split" in err and "implemented" in err and "split75" not in err
    assert main(["run"]) == 2
    assert main(["run", "-c", CID, "--agent", "nosuchagent"]) == 2
    err = capsys.readouterr().err
    assert "nosuchagent" in err and "Traceback" not in err
    assert main(["prepare", "-c", CID, "--source", "mirror"]) == 2
    err = capsys.readouterr().err
    assert "--mirror DIR" in err and "mirror_dir" not in err


def test_list_into_a_closed_pipe_stops_quietly() -> None:
    # `mle-pipeline list | head -1`: the reader has left before the listing is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "mle_pipeline.cli", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
