"""Hand-checkable cases for the image competitions' own pieces (issue 24)."""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.prepare.tables import copy_zip_members

kuzushiji = importlib.import_module("mle_pipeline.competitions.kuzushiji-recognition.grade")
whale = importlib.import_module("mle_pipeline.competitions.whale-categorization-playground.prepare")


def test_copy_zip_members_is_deterministic_and_names_a_missing_member(tmp_path: Path) -> None:
    source = tmp_path / "pages.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for name in ("a.jpg", "b.jpg", "c.jpg"):
            archive.writestr(name, name.encode() * 100)
    copy_zip_members(source, ["c.jpg", "a.jpg"], tmp_path / "one.zip")
    copy_zip_members(source, ["c.jpg", "a.jpg"], tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as copied:
        assert copied.namelist() == ["c.jpg", "a.jpg"]
        assert copied.read("a.jpg") == b"a.jpg" * 100
    with pytest.raises(FileNotFoundError, match="'d.jpg'"):
        copy_zip_members(source, ["d.jpg"], tmp_path / "three.zip")


def test_kuzushiji_f1_by_hand() -> None:
    answers = pd.DataFrame(
        {"image_id": ["p1", "p2"], "labels": ["U+1 0 0 10 10 U+2 20 0 10 10", "U+1 0 0 5 5"]}
    )
    submission = pd.DataFrame(
        {
            "image_id": ["p2", "p1"],
            # p2: on the box's edge (not strictly inside): a false positive and a miss.
            # p1: U+1 inside its box (hit), a second U+1 there (the box is used: a false
            # positive), U+2 at (25, 5) inside its box (hit).
            "labels": ["U+1 5 2", "U+1 5 5 U+1 6 6 U+2 25 5"],
        }
    )
    # tp 2, fp 2, fn 1: precision 1/2, recall 2/3, F1 = 2 * (1/3) / (7/6) = 4/7
    assert kuzushiji.grade(submission, answers) == pytest.approx(4 / 7)
    empty = submission.assign(labels=[None, None])
    assert kuzushiji.grade(empty, answers) == 0.0
    with pytest.raises(InvalidSubmissionError, match="triples"):
        kuzushiji.grade(submission.assign(labels=["U+1 5", "U+1 5 5"]), answers)
    with pytest.raises(InvalidSubmissionError, match="numbers"):
        kuzushiji.grade(submission.assign(labels=["U+1 a 5", "U+1 5 5"]), answers)


def test_whale_split_puts_every_repeated_whale_on_both_sides() -> None:
    labels = pd.DataFrame(
        {"Image": [f"{i}.jpg" for i in range(40)], "Id": [f"w_{i % 12}" for i in range(40)]}
    )
    split = whale._assign(labels)
    for _, group in labels.groupby("Id"):
        assert set(split[group.index]) == {"train", "test"}
