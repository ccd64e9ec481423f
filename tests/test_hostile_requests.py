"""Grading requests that try to read answers or escape their folders are refused, not read."""

import json
import os
from pathlib import Path

import pytest

from mle_pipeline.grading.batch import grade_jsonl
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.grading.paths import RefusedSubmissionPath, check_submission_path
from mle_pipeline.registry import get_competition

CID = "spaceship-titanic"


@pytest.fixture
def setup(prepared_root, tmp_path: Path):
    layout = prepared_root(CID)
    subs = tmp_path / "subs"
    subs.mkdir()
    sample = layout.public_dir(CID) / "sample_submission.csv"
    (subs / "ok.csv").write_bytes(sample.read_bytes())
    answers = layout.private_dir(CID) / "test.csv"
    return layout, subs, answers


def _grade(layout, subs: Path, lines: list[str]) -> dict:
    listing = subs / "requests.jsonl"
    listing.write_text("\n".join(lines) + "\n")
    out = subs / "out"
    out.mkdir(exist_ok=True)
    report = grade_jsonl(listing, out, layout)
    return json.loads(report.read_text())


def test_each_hostile_request_is_refused_with_a_reason(setup, unimplemented_id) -> None:
    layout, subs, answers = setup
    (subs / "link.csv").symlink_to(answers)
    os.link(answers, subs / "hard.csv")
    lines = [
        json.dumps({"competition_id": CID, "submission_path": str(subs / "ok.csv")}),
        json.dumps({"competition_id": CID, "submission_path": str(answers)}),
        json.dumps({"competition_id": CID, "submission_path": str(subs / "link.csv")}),
        json.dumps({"competition_id": CID, "submission_path": str(subs / "hard.csv")}),
        json.dumps({"competition_id": CID, "submission_path": str(subs / ".." / "x.csv")}),
        json.dumps({"competition_id": CID, "submission_path": "/etc/passwd"}),
        json.dumps({"competition_id": "no-such-id", "submission_path": str(subs / "ok.csv")}),
        json.dumps({"competition_id": unimplemented_id, "submission_path": str(subs / "ok.csv")}),
        json.dumps({"submission_path": str(subs / "ok.csv")}),
        "not json at all",
        json.dumps(["a", "list"]),
    ]
    report = _grade(layout, subs, lines)
    assert report["total_runs"] == 1 and report["total_valid_submissions"] == 1
    refused = {r["line"]: r["reason"] for r in report["refused_requests"]}
    assert sorted(refused) == list(range(2, 12))
    assert "outside the allowed folders" in refused[2]
    assert "symbolic link" in refused[3]
    assert "hard link" in refused[4]
    assert "'..'" in refused[5]
    assert "outside" in refused[6]
    assert "unknown competition" in refused[7]
    assert "not implemented" in refused[8]
    assert "missing key" in refused[9]
    assert "not valid JSON" in refused[10] and "JSON object" in refused[11]


def test_private_folder_is_refused_even_when_allowed(setup) -> None:
    layout, _, answers = setup
    with pytest.raises(RefusedSubmissionPath, match="private"):
        check_submission_path(
            answers, allowed_roots=[layout.root], private_dirs=[layout.private_dir(CID)]
        )


def test_huge_submission_is_refused_unread(setup) -> None:
    layout, subs, answers = setup
    huge = subs / "huge.csv"
    with open(huge, "wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB, sparse
    report = grade_submission(get_competition(CID), huge, answers)
    assert not report.valid_submission and "limit" in report.invalid_reason


def test_special_files_in_a_grading_request_are_graded_invalid_without_blocking(setup) -> None:
    import threading

    layout, subs, _ = setup
    os.mkfifo(subs / "fifo.csv")
    (subs / "dir.csv").mkdir()
    lines = [
        json.dumps({"competition_id": CID, "submission_path": str(subs / name)})
        for name in ("fifo.csv", "dir.csv")
    ]
    done: list[dict] = []
    worker = threading.Thread(target=lambda: done.append(_grade(layout, subs, lines)), daemon=True)
    worker.start()
    worker.join(30)
    assert done, "grading blocked on a special file"
    reasons = [r["invalid_reason"] for r in done[0]["competition_reports"]]
    assert len(reasons) == 2 and "FIFO" in reasons[0] and "folder" in reasons[1]
    assert done[0]["total_valid_submissions"] == 0
