"""Shared preparation helpers in mle_pipeline/prepare/tables.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from mle_pipeline.prepare.tables import read_csv


def test_read_csv_with_columns_refuses_another_header_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    path.write_text("id,text\n1,a\n")
    assert list(read_csv(path, ["id", "text"])["text"]) == ["a"]
    with pytest.raises(ValueError, match=r"train\.csv: expected columns \['id', 'score'\]"):
        read_csv(path, ["id", "score"])
    with pytest.raises(ValueError, match="got \\['id', 'text'\\]"):
        read_csv(path, ["text", "id"])  # order matters: MLE-bench's files keep Kaggle's


def test_copy_folders_links_or_copies_and_names_a_missing_folder(tmp_path, monkeypatch) -> None:
    import os

    from mle_pipeline.prepare import files

    source = tmp_path / "raw"
    (source / "p1" / "FLAIR").mkdir(parents=True)
    (source / "p1" / "FLAIR" / "Image-1.dcm").write_bytes(b"dicom")
    files.copy_folders(["p1"], source, tmp_path / "linked", link=True)
    linked = tmp_path / "linked" / "p1" / "FLAIR" / "Image-1.dcm"
    assert linked.read_bytes() == b"dicom" and os.stat(linked).st_nlink == 2

    def no_links(src, dst):
        raise OSError("cross-device link")

    monkeypatch.setattr(files.os, "link", no_links)
    files.copy_folders(["p1"], source, tmp_path / "copied", link=True)
    copied = tmp_path / "copied" / "p1" / "FLAIR" / "Image-1.dcm"
    assert copied.read_bytes() == b"dicom" and os.stat(copied).st_nlink == 1
    with pytest.raises(FileNotFoundError, match="p2"):
        files.copy_folders(["p2"], source, tmp_path / "copied")
