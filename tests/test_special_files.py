"""FIFOs, devices, sockets, folders and links where a report or a submission belongs.

Each is refused without blocking and without an unbounded read, with a reason that says
what the path is. Every test runs its reads in a thread with a deadline: a blocking open
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from mle_pipeline import fsutil
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.grading.report import GradingReport, ReportError
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import build
from mle_pipeline.registry import get_competition, load_split

CID = "spaceship-titanic"


def _within(seconds: float, call: Callable[[], object]) -> object:
    """``call()``'s result, or a test failure if it has not returned after ``seconds``."""
    result: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as err:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still blocked after {seconds} s"
    if errors:
        raise errors[0]
    return result[0]


def _special_paths(folder: Path) -> dict[str, Path]:
    """One path of each kind: name -> path, with the words its reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    paths["FIFO"] = fifo
    zero = folder / "zero.csv"
    zero.symlink_to("/dev/zero")
    paths["symbolic link to a character device"] = zero
    paths["character device"] = Path("/dev/zero")
    directory = folder / "dir.csv"
    directory.mkdir()
    paths["folder"] = directory
    sock = folder / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    paths["socket"] = sock
    dangling = folder / "dangling.csv"
    dangling.symlink_to(folder / "nowhere")
    paths["broken symbolic link"] = dangling
    return paths


def test_read_bytes_refuses_every_special_file_without_blocking(tmp_path: Path) -> None:
    for words, path in _special_paths(tmp_path).items():
        with pytest.raises(fsutil.UnsafeFileError, match=words):
            _within(5, lambda p=path: fsutil.read_bytes(p, 1 << 20))


def test_read_bytes_is_bounded_and_reads_regular_files(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b"x" * 100)
    assert fsutil.read_bytes(path, 100) == b"x" * 100
    with pytest.raises(fsutil.UnsafeFileError, match="over the 99-byte limit"):
        fsutil.read_bytes(path, 99)
    link = tmp_path / "link.json"
    link.symlink_to(path)
    assert fsutil.read_bytes(link, 100) == b"x" * 100  # a link to a regular file is fine


def test_describe_names_each_kind(tmp_path: Path) -> None:
    paths = _special_paths(tmp_path)
    for words, path in paths.items():
        assert words in fsutil.describe(path)
    assert fsutil.describe(tmp_path / "absent") == "missing"
    (tmp_path / "f").write_text("")
    assert fsutil.describe(tmp_path / "f") == "a regular file"


def test_special_submissions_get_a_reason_naming_their_kind(prepared_root, tmp_path) -> None:
    layout = prepared_root(CID)
    competition = get_competition(CID)
    answers = layout.prepared_dir(CID) / competition.answers
    for words, path in _special_paths(tmp_path).items():
        report = _within(10, lambda p=path: grade_submission(competition, p, answers))
        assert not report.submission_exists and not report.valid_submission
        assert words in report.invalid_reason, report.invalid_reason
        assert "is not a .csv file" not in report.invalid_reason


def test_special_report_files_are_skipped_with_a_warning_naming_them(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "data")
    cids = load_split("lite")[:3]
    for i, cid in enumerate(cids):
        path = layout.report_path("a", cid, 0)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {"competition_id": cid, "agent": "a", "seed": 0, "data_source": "sample",
                 "any_medal": i == 0, "valid_submission": True, "submission_exists": True}
            )
        )  # fmt: skip
    kinds = {"fifo": "FIFO", "zero": "character device", "sock": "socket", "dir": "folder"}
    fifo = layout.report_path("a", "fifo", 0)
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    zero = layout.report_path("a", "zero", 0)
    zero.parent.mkdir(parents=True)
    zero.symlink_to("/dev/zero")
    sock = layout.report_path("a", "sock", 0)
    sock.parent.mkdir(parents=True)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(sock))
    layout.report_path("a", "dir", 0).mkdir(parents=True)
    messages: list[str] = []
    data = _within(20, lambda: build(layout.reports_root, vouched=None, warn=messages.append))
    skipped = {Path(s.path).parent.name: s.reason for s in data.skipped}
    assert set(skipped) == set(kinds)
    for name, words in kinds.items():
        assert words in skipped[name]
        assert any(f"/{name}/seed-0.json" in m and words in m for m in messages), messages
    assert len(data.summary) > 0  # the good reports still count


def test_report_model_reads_files_safely(tmp_path: Path) -> None:
    fifo = tmp_path / "seed-0.json"
    os.mkfifo(fifo)
    with pytest.raises(ReportError, match="FIFO"):
        _within(5, lambda: GradingReport.from_file(fifo))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReportError, match=str(deep)):
        GradingReport.from_file(deep)


def test_import_reports_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    from mle_pipeline.leaderboard.importer import ReportImportError, import_reports

    fifo = tmp_path / "run_grading_report.json"
    os.mkfifo(fifo)
    layout = DataLayout(tmp_path / "data")

    def attempt() -> None:
        import_reports([fifo], layout, "old", record=lambda *a, **k: None, known_competitions={CID})

    with pytest.raises(ReportImportError, match="FIFO"):
        _within(5, attempt)
