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
