"""Shuffle-split a CSV too large for memory, with the bytes pandas + scikit-learn would write.

MLE-bench reads the whole file with pandas (round-trip floats), splits it with
``train_test_split(frame, test_size=..., random_state=...)`` and writes the parts with
``to_csv(index=False)``. ``split_csv`` gives the same files in bounded memory:

1. count the data rows (newlines; checked against the parsed row count in step 3) and note
   whether any '"' or '#' occurs (text DuckDB's writer would quote, pandas' would not);
2. draw scikit-learn's own ShuffleSplit permutation for that count and invert it, so each
   input row knows its output position (4 bytes a row; the int64 permutation, 8 bytes a
   row, lives only while the inverse is built);
3. parse the CSV block by block with pyarrow (given column types, pandas' NA strings) and
   append every row, tagged with its position, to a bucket file (Arrow IPC) holding the
   positions ``[b * bucket_rows, (b + 1) * bucket_rows)``;
4. read the buckets in order (the next one loads while the current one is written), sort
   each by position and stream them through DuckDB's CSV writer, whose output for floats
   (shortest round-trip repr), ints, missing values and unquoted text is pandas' ``to_csv``
   byte for byte and ~15x faster; files with quoted text are written by ``to_csv`` itself.

Position ``p < n_test`` is the p-th test row (``permutation[:n_test]``); the others are the
train rows in ``permutation[n_test:]`` order, exactly as ``train_test_split`` returns them.
The test part is returned as a DataFrame, so it must fit in memory.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sklearn.model_selection import ShuffleSplit

from mle_pipeline.pandas_csv import PANDAS_NA_STRINGS

POSITION = "__position__"
# Without '"' no value holds ',' or a line break; '#' DuckDB quotes and pandas does not.
# (Empty text is impossible: pyarrow reads it as missing, which both write as nothing.)
_QUOTED_BYTES = (b'"', b"#")
DUCKDB_MEMORY_LIMIT = "512MB"
log = logging.getLogger(__name__)
_CHUNK = 1 << 22
T = TypeVar("T")


def scan_csv(path: Path, buffer_bytes: int = 16 << 20) -> tuple[int, bool]:
    """Data rows of a CSV with a header, counted as newlines (no quoted newlines, no blanks),
    and whether the file is free of the bytes that make DuckDB's CSV writer quote a value
    where pandas would not (see ``_write_with_duckdb``)."""
    lines, last, plain = 0, b"\n", True
    buffer = bytearray(buffer_bytes)
    with open(path, "rb", buffering=0) as handle:
        if hasattr(os, "posix_fadvise"):  # a longer read-ahead: about twice as fast when cold
            os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
        while size := handle.readinto(buffer):
            chunk = memoryview(buffer)[:size]
            lines += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == ord("\n")))
            last = bytes(chunk[-1:])
            plain = plain and all(buffer.find(byte, 0, size) < 0 for byte in _QUOTED_BYTES)
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0), plain


def output_positions(
    n_rows: int, test_size: float | int, random_state: int
) -> tuple[np.ndarray, int]:
    """Each input row's place in (test rows, then train rows), as train_test_split orders them.

    Returns the positions and the number of test rows.
    """
    splitter = ShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    # A zero-width array stands in for the frame: ShuffleSplit only needs its length.
    train_idx, test_idx = next(splitter.split(np.empty((n_rows, 0), dtype=np.uint8)))
    n_test = len(test_idx)
    positions = np.empty(n_rows, dtype=np.int32 if n_rows < 2**31 else np.int64)
    positions[test_idx] = np.arange(n_test, dtype=positions.dtype)
    for start in range(0, len(train_idx), _CHUNK):
        part = train_idx[start : start + _CHUNK]
        first = n_test + start
        positions[part] = np.arange(first, first + len(part), dtype=positions.dtype)
    return positions, n_test


def _reader(
    src: Path, column_types: dict[str, pa.DataType], block_size: int
) -> pacsv.CSVStreamingReader:
    reader = pacsv.open_csv(
        src,
        read_options=pacsv.ReadOptions(block_size=block_size),
        convert_options=pacsv.ConvertOptions(
            column_types=column_types,
            null_values=PANDAS_NA_STRINGS,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    if reader.schema.names != list(column_types):
        raise ValueError(
            f"{src}: expected columns {list(column_types)}, found {reader.schema.names}"
        )
    return reader


def _scatter(
    src: Path,
    column_types: dict[str, pa.DataType],
    positions: np.ndarray,
    bucket_rows: int,
    buckets: list[Path],
    block_size: int,
) -> tuple[int, list[str]]:
    """Append every row with its position to its bucket file.

    Returns the rows parsed and the float columns holding only whole numbers (pandas may
    have read those as integers, which the caller must not guess).
    """
    reader = _reader(src, column_types, block_size)
    schema = reader.schema.append(pa.field(POSITION, pa.from_numpy_dtype(positions.dtype)))
    types = list(column_types.values())
    int_columns = [i for i, t in enumerate(types) if pa.types.is_integer(t)]
    whole_floats = {i for i, t in enumerate(types) if pa.types.is_floating(t)}
    n_rows = len(positions)
    bucket_type = np.uint16 if len(buckets) <= 2**16 else np.int64
    # Buffered: each bucket gets many small IPC messages, a few writes each otherwise.
    sinks = [pa.BufferedOutputStream(pa.OSFile(str(path), "wb"), 1 << 18) for path in buckets]
    writers = [pa.ipc.new_stream(sink, schema) for sink in sinks]
    seen = 0
    batches = _one_ahead(reader)  # the next block parses while this one is bucketed
    try:
        for batch in batches:
            start, seen = seen, seen + batch.num_rows
            if seen > n_rows:
                continue  # more rows than counted: keep counting, the caller retries
            for i in int_columns:
                if batch.column(i).null_count:
                    raise ValueError(
                        f"{src}: column {batch.schema.names[i]!r} has missing values, so "
                        "pandas would read it as floats; the declared integer type is wrong"
                    )
            for i in list(whole_floats):
                column = batch.column(i)
                if column.null_count or not np.all(np.mod(column.to_numpy(), 1) == 0):
                    whole_floats.discard(i)
            pos = positions[start:seen]
            bucket = (pos // bucket_rows).astype(bucket_type)
            order = np.argsort(bucket, kind="stable")  # a radix sort for 16-bit bucket numbers
            counts = np.bincount(bucket, minlength=len(buckets))
            tagged = pa.RecordBatch.from_arrays(
                [*batch.take(pa.array(order)).columns, pa.array(pos[order])], schema=schema
            )
            offset = 0
            for b in np.flatnonzero(counts):
                writers[b].write_batch(tagged.slice(offset, int(counts[b])))
                offset += int(counts[b])
    finally:
        batches.close()
        for writer, sink in zip(writers, sinks, strict=True):
            writer.close()
            sink.close()
    return seen, [reader.schema.names[i] for i in sorted(whole_floats)]


def _one_ahead(items: Iterable[T]) -> Iterator[T]:
    """``items`` in order, each made on a second thread while the caller uses the one before.

    Closing the generator waits for the item being made.
    """
    items = iter(items)
    end = object()
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, items, end)
        while (item := ahead.result()) is not end:
            ahead = pool.submit(next, items, end)
            yield item


def _train_parts(
    src: Path,
    buckets: list[Path],
    bucket_rows: int,
    n_test: int,
    test_parts: list[pd.DataFrame],
    disjoint_column: str | None,
) -> Iterator[pa.Table]:
    """The train rows bucket by bucket, in output order; test rows go to ``test_parts``.

    Each bucket file is deleted once read.
    """
    test_values: pa.Array | None = None
    # Bucket b + 1 loads while bucket b is written.
    tables = _one_ahead(_sorted_bucket(path, b, bucket_rows) for b, path in enumerate(buckets))
    with closing(tables):
        for b, table in enumerate(tables):
            first = b * bucket_rows
            n_test_here = min(max(n_test - first, 0), table.num_rows)
            if n_test_here:
                test_parts.append(table.slice(0, n_test_here).to_pandas())
            train = table.slice(n_test_here)
            del table
            if train.num_rows == 0:
                continue
            if disjoint_column is not None:
                if test_values is None:
                    test_values = pa.array(pd.concat([p[disjoint_column] for p in test_parts]))
                if pc.any(pc.is_in(train.column(disjoint_column), value_set=test_values)).as_py():
                    raise ValueError(f"{src}: {disjoint_column!r} values repeat across the split")
            yield train
            pa.default_memory_pool().release_unused()


def _sorted_bucket(path: Path, b: int, bucket_rows: int) -> pa.Table:
    """Bucket ``b``'s rows in position order (the position column dropped); deletes the file."""
    with pa.memory_map(str(path)) as source:  # many small messages: no read call for each
        table = pa.ipc.open_stream(source).read_all().combine_chunks()
    path.unlink()
    first = b * bucket_rows
    slots = table.column(POSITION).to_numpy() - first  # each row's place in the bucket
    n = len(slots)
    # The positions are first, first + 1, ... in some order: inverting that permutation
    # by scattering row numbers into their slots is linear, where a sort is not.
    order = np.full(n, -1, dtype=np.int64)
    if n and (slots.min() < 0 or slots.max() >= n):
        raise RuntimeError(f"bucket {b} holds positions outside {first}..{first + n - 1}")
    order[slots] = np.arange(n)
    if (order < 0).any():  # a repeated position left another slot empty
        raise RuntimeError(f"bucket {b} does not hold positions {first}.. exactly")
    return table.drop_columns([POSITION]).take(pa.array(order))


def _write_with_duckdb(parts: Iterator[pa.Table], dest: Path) -> None:
    """Stream the parts, in order, through DuckDB's CSV writer into ``dest``.

    For plain text, ints and floats it writes the bytes pandas' ``to_csv(index=False)``
    writes (floats as their shortest round-trip repr, missing values empty), ~15x faster.
    """
    first = next(parts, None)
    if first is None:
        raise ValueError(f"{dest}: the split left no train rows")

    def batches() -> Iterator[pa.RecordBatch]:
        yield from first.to_batches()
        for part in parts:
            yield from part.to_batches()

    stream = pa.RecordBatchReader.from_batches(first.schema, batches())
    with duckdb.connect() as con:
        con.execute("SET preserve_insertion_order = true")  # rows stay in split order
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.register("train_rows", stream)
        target = str(dest).replace("'", "''")
        con.execute(f"COPY train_rows TO '{target}' (FORMAT csv, HEADER true)")


def split_csv(
    src: Path,
    train_out: Path,
    *,
    test_size: float | int | Callable[[int], float | int],
    random_state: int,
    column_types: dict[str, pa.DataType],
    scratch: Path,
    disjoint_column: str | None = None,
    bucket_rows: int = 500_000,
    block_size: int = 4 << 20,
) -> pd.DataFrame:
    """Write the train part of ``src`` to ``train_out``; return the test part.

    ``column_types`` lists every column, in file order, with the type pandas infers for it
    over the whole file (string for object columns). ``test_size`` may be a function of the
    row count. ``disjoint_column``: raise if a value of it is in both parts.
    """
    started = time.perf_counter()
    n_rows, plain = scan_csv(src)
    log.info("%s: %d data rows counted in %.1fs", src.name, n_rows, time.perf_counter() - started)
    for _attempt in range(2):
        if n_rows < 2:
            raise ValueError(f"{src}: {n_rows} data rows, too few to split")
        size = test_size(n_rows) if callable(test_size) else test_size
        positions, n_test = output_positions(n_rows, size, random_state)
        n_buckets = math.ceil(n_rows / bucket_rows)
        buckets = [scratch / f"bucket-{b:05d}.arrows" for b in range(n_buckets)]
        log.info("split positions ready after %.1fs", time.perf_counter() - started)
        parsed, whole = _scatter(src, column_types, positions, bucket_rows, buckets, block_size)
        del positions
        log.info("parsed into %d buckets after %.1fs", n_buckets, time.perf_counter() - started)
        if parsed == n_rows:
            break
        for path in buckets:
            path.unlink(missing_ok=True)
        n_rows = parsed  # blank lines or quoted newlines: trust the parser and redo
    else:
        raise RuntimeError(f"{src}: row count unstable between passes ({n_rows} vs {parsed})")
    if whole:
        raise ValueError(
            f"{src}: float column(s) {whole} hold only whole numbers, so pandas may read "
            "them as integers; the declared float type cannot be trusted"
        )

    test_parts: list[pd.DataFrame] = []
    train_out.parent.mkdir(parents=True, exist_ok=True)
    train = _train_parts(src, buckets, bucket_rows, n_test, test_parts, disjoint_column)
    if plain and not any(c in name for name in column_types for c in '",#\n\r'):
        _write_with_duckdb(train, train_out)
        writer = "DuckDB"
    else:  # text DuckDB would quote otherwise: pandas writes it
        with open(train_out, "w", newline="", encoding="utf-8") as out:
            for part in train:
                part.to_pandas().to_csv(out, header=out.tell() == 0, index=False)
        writer = "pandas"
    log.info("%s written by %s after %.1fs", train_out.name, writer, time.perf_counter() - started)
    return pd.concat(test_parts, ignore_index=True)
