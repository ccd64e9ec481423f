"""icecube-neutrinos-in-deep-ice: 10 % of Kaggle's training batches become the test set.

As in MLE-bench: the distinct ``batch_id`` values of train_meta.parquet, in order of first
appearance, are split by scikit-learn (``test_size=0.1``, ``random_state=0``); the events of
each side keep their order in public ``train_meta.parquet`` and ``test_meta.parquet``
(without azimuth and zenith), the answers are ``event_id, azimuth, zenith`` and the sample
submission predicts 1 for both angles. Pulse files ``train/batch_<n>.parquet`` are copied
byte for byte into public ``train/`` or ``test/``; ``sensor_geometry.csv`` is copied.
Kaggle's own test files and sample_submission.parquet are not used.

train_meta.parquet (131 M events in Kaggle's download) is streamed with pyarrow one record
batch at a time, so memory stays flat. MLE-bench writes the metadata with fastparquet; ours
are written by pyarrow with the same columns, types and rows, so their bytes differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sklearn.model_selection import train_test_split

META_COLUMNS = ["batch_id", "event_id", "first_pulse_index", "last_pulse_index"]
TARGETS = ["azimuth", "zenith"]
ROWS_PER_READ = 1 << 20


def _batches(path: Path, columns: list[str] | None = None):
    # Without pre_buffer=False, pyarrow keeps what it read ahead: memory grows with the file.
    reader = pq.ParquetFile(path, pre_buffer=False)
    return reader.iter_batches(batch_size=ROWS_PER_READ, columns=columns)


def _distinct_batches(meta: Path) -> list[int]:
    """``batch_id`` values in order of first appearance (pandas' ``unique()``)."""
    seen: dict[int, None] = {}
    for batch in _batches(meta, ["batch_id"]):
        for value in pc.unique(batch.column(0)).to_pylist():
            seen.setdefault(value, None)
    return list(seen)


def _csv_chunk(table: pa.Table, out, header: bool) -> None:
    table.to_pandas().to_csv(out, index=False, header=header, lineterminator="\n")


def _split_meta(meta: Path, test_batches: set[int], public: Path, private: Path) -> None:
    schema = pq.read_schema(meta).remove_metadata()
    missing = [c for c in META_COLUMNS + TARGETS if c not in schema.names]
    if missing:
        raise ValueError(f"{meta}: missing column(s) {missing}; it has {schema.names}")
    test_schema = pa.schema([f for f in schema if f.name not in TARGETS])
    test_ids = pa.array(sorted(test_batches), schema.field("batch_id").type)
    with (
        pq.ParquetWriter(public / "train_meta.parquet", schema) as train_out,
        pq.ParquetWriter(public / "test_meta.parquet", test_schema) as test_out,
        open(private / "test.csv", "w", newline="") as answers_out,
        open(public / "sample_submission.csv", "w", newline="") as sample_out,
    ):
        header = True
        for batch in _batches(meta):
            table = pa.Table.from_batches([batch]).replace_schema_metadata(None)
            in_test = pc.is_in(table.column("batch_id"), value_set=test_ids)
            train_out.write_table(table.filter(pc.invert(in_test)))
            test = table.filter(in_test)
            test_out.write_table(test.select(test_schema.names))
            answers = test.select(["event_id", *TARGETS])
            _csv_chunk(answers, answers_out, header)
            ones = pa.array([1] * len(test), pa.int64())
            sample = answers.set_column(1, "azimuth", ones).set_column(2, "zenith", ones)
            _csv_chunk(sample, sample_out, header)
            header = False


def _copy_pulses(raw: Path, public: Path, train: set[int], test: set[int]) -> None:
    copied = {"train": 0, "test": 0}
    for path in sorted((raw / "train").glob("*.parquet")):
        batch_id = int(path.stem.split("_")[-1])  # batch_12.parquet -> 12
        side = "train" if batch_id in train else "test" if batch_id in test else None
        if side:
            (public / side).mkdir(exist_ok=True)
            shutil.copyfile(path, public / side / path.name)
            copied[side] += 1
    if copied != {"train": len(train), "test": len(test)}:
        raise ValueError(
            f"{raw / 'train'}: expected a batch_<n>.parquet file for each of the {len(train)} "
            f"train and {len(test)} test batches of train_meta.parquet; found {copied}"
        )


def prepare(raw: Path, public: Path, private: Path) -> None:
    meta = raw / "train_meta.parquet"
    batch_ids = _distinct_batches(meta)
    train_ids, test_ids = train_test_split(batch_ids, test_size=0.1, random_state=0)
    _split_meta(meta, set(test_ids), public, private)
    shutil.copyfile(raw / "sensor_geometry.csv", public / "sensor_geometry.csv")
    _copy_pulses(raw, public, set(train_ids), set(test_ids))
