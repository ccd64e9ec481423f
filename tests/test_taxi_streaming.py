"""The taxi competition's streaming split writes what pandas + train_test_split would write."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from sklearn.model_selection import train_test_split

streaming = importlib.import_module(
    "mle_pipeline.competitions.new-york-city-taxi-fare-prediction.streaming"
)
TYPES = {"key": pa.string(), "x": pa.float64(), "n": pa.int64()}
FLOAT_TEXTS = ["1.5", "-0", "7", "1e16", "0.1000000000000000055", "", "NA", "3.25e-07", "-73.98"]


def _write(path: Path, rows: int, floats: list[str] = FLOAT_TEXTS) -> Path:
    gen = np.random.default_rng(rows)
    lines = ["key,x,n"]
    for i in range(rows):
        key = f'"k{i}, quoted"' if i % 9 == 0 else f"k{i}"
        lines.append(f"{key},{gen.choice(floats)},{gen.integers(-5, 300)}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("rows", "test_size"), [(300, 0.1), (257, 40)])
def test_split_matches_pandas(tmp_path: Path, rows: int, test_size: float | int) -> None:
    src = _write(tmp_path / "train.csv", rows)
    test = streaming.split_csv(
        src, tmp_path / "ours.csv", test_size=test_size, random_state=0, column_types=TYPES,
        scratch=tmp_path, disjoint_column="key", bucket_rows=70, block_size=1 << 10,
    )  # fmt: skip
    frame = pd.read_csv(src, float_precision="round_trip")
    train_ref, test_ref = train_test_split(frame, test_size=test_size, random_state=0)
    train_ref.to_csv(tmp_path / "ref.csv", index=False)
    test.to_csv(tmp_path / "ours_test.csv", index=False)
    test_ref.to_csv(tmp_path / "ref_test.csv", index=False)
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "ref.csv").read_bytes()
    assert (tmp_path / "ours_test.csv").read_bytes() == (tmp_path / "ref_test.csv").read_bytes()
    assert not list(tmp_path.glob("bucket-*"))


def test_undecidable_types_are_refused(tmp_path: Path) -> None:
    src = _write(tmp_path / "whole.csv", 50, floats=["1", "2"])
    with pytest.raises(ValueError, match="whole numbers"):
        streaming.split_csv(
            src, tmp_path / "o.csv", test_size=0.1, random_state=0, column_types=TYPES,
            scratch=tmp_path,
        )  # fmt: skip
    src.write_text("key,x,n\na,1.5,\nb,2.5,3\nc,0.5,1\n")
    with pytest.raises(ValueError, match="missing values"):
        streaming.split_csv(
            src, tmp_path / "o.csv", test_size=0.5, random_state=0, column_types=TYPES,
            scratch=tmp_path,
        )  # fmt: skip
