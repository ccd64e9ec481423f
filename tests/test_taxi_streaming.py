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


def _write(
    path: Path, rows: int, floats: list[str] = FLOAT_TEXTS, quoted_keys: bool = True
) -> Path:
    gen = np.random.default_rng(rows)
    lines = ["key,x,n"]
    for i in range(rows):
        key = f'"k{i}, quoted"' if quoted_keys and i % 9 == 0 else f"k {i}"
        lines.append(f"{key},{gen.choice(floats)},{gen.integers(-5, 300)}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("rows", "test_size", "quoted_keys", "writer"),
    [(300, 0.1, True, "pandas"), (257, 40, True, "pandas"), (3000, 0.1, False, "DuckDB")],
)
def test_split_matches_pandas(
    tmp_path: Path, caplog, rows: int, test_size: float | int, quoted_keys: bool, writer: str
) -> None:
    caplog.set_level("INFO")
    src = _write(tmp_path / "train.csv", rows, quoted_keys=quoted_keys)
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
    assert f"written by {writer}" in caplog.text


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


def test_duckdb_writer_writes_pandas_bytes(tmp_path: Path) -> None:
    """Random float bit patterns, missing values, -0.0, ints and plain text, in several parts."""
    gen = np.random.default_rng(5)
    floats = gen.integers(0, 2**64, 60_000, dtype=np.uint64).view(np.float64)
    floats[~np.isfinite(floats)] = np.nan
    floats[::7] = np.round(gen.normal(size=len(floats[::7])) * 100, 4)
    floats[::11] = -0.0
    table = pa.table(
        {
            "key": pa.array([f"2009-06-15 17:26:{i % 60:02d}.{i:07d} UTC" for i in range(60_000)]),
            "value": pa.array(floats, from_pandas=True),
            "n": pa.array(gen.integers(-(2**62), 2**62, 60_000)),
        }
    )
    parts = [table.slice(i, 7_000) for i in range(0, table.num_rows, 7_000)]
    streaming._write_with_duckdb(iter(parts), tmp_path / "duck.csv")
    table.to_pandas().to_csv(tmp_path / "pandas.csv", index=False)
    assert (tmp_path / "duck.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


@pytest.mark.parametrize(
    ("text", "plain"),
    [("key,x\na b,1.5\n", True), ('key,x\n"a,b",1.5\n', False), ("key,x\n#a,1.5\n", False)],
)
def test_scan_counts_rows_and_spots_text_duckdb_would_quote(
    tmp_path: Path, text: str, plain: bool
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text)
    assert streaming.scan_csv(path, buffer_bytes=4) == (1, plain)


def _bucket(path: Path, positions: list[int]) -> Path:
    table = pa.table({"value": [f"row at {p}" for p in positions], streaming.POSITION: positions})
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return path


def test_a_bucket_is_put_in_position_order(tmp_path: Path) -> None:
    path = _bucket(tmp_path / "b.arrows", [13, 10, 12, 11])
    table = streaming._sorted_bucket(path, 1, bucket_rows=10)
    assert table.column_names == ["value"]
    assert table.column("value").to_pylist() == [f"row at {p}" for p in (10, 11, 12, 13)]
    assert not path.exists()


@pytest.mark.parametrize(
    "positions", [[10, 10, 12], [10, 11, 13], [9, 10, 11]], ids=["repeated", "gap", "outside"]
)
def test_a_bucket_without_each_position_once_is_an_error(
    tmp_path: Path, positions: list[int]
) -> None:
    with pytest.raises(RuntimeError, match="bucket 1"):
        streaming._sorted_bucket(_bucket(tmp_path / "b.arrows", positions), 1, bucket_rows=10)
