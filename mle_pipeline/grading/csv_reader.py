"""Read a CSV into exactly the DataFrame MLE-bench's graders read, several times faster.

MLE-bench parses submissions and answers with ``pandas.read_csv(path,
float_precision="round_trip")``: pandas' C parser, which types each column from its text,
``low_memory`` chunk by chunk. Validity and scores depend on those types (an id column of
ints vs strings, a label read as ``5`` vs ``5.0``), so a faster reader must give the same
frame, not a similar one.

``read_csv`` parses every column as text with pyarrow (multi-threaded, no inference), then
types each column by pandas' rules for the inputs where the two are known to agree:

- only digits, signs, ``.`` and ``e``: int64 if every value is an integer that fits it and
  none is missing, else float64 (pyarrow's float parsing is correctly rounded, as pandas'
  round-trip parser is) unless an integer beyond int64 is among them;
- every value ``true``/``false`` in any case and none missing: bool;
- anything else is text (object, missing as NaN) when each of pandas' ``low_memory`` chunks
  holds a value pandas cannot read as a number or a bool, so no chunk was typed apart.

Every other input (blank or CR-only lines, quoted newlines, ragged rows, duplicated or empty
header names, hex, padded numbers, overflowing values, a chunk of number-like text, bad
UTF-8, ...) is read by pandas itself, so the result is pandas' in every case.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from mle_pipeline.prepare.tables import PANDAS_NA_STRINGS

log = logging.getLogger(__name__)

_NUMBER_BYTES = b"0123456789+-.eE"
_INTEGER_BYTES = b"0123456789+-"
# A value with a character outside this set is neither a number (decimal, inf, nan, padded
# with spaces) nor a bool to pandas: it keeps its low_memory chunk as text.
_NUMBER_OR_BOOL_CHARS = "0123456789+-.eE \t\r\v\fiInNfFtTyYaArRuUlLsS"
_TEXT_WITNESS = "[^" + re.escape(_NUMBER_OR_BOOL_CHARS) + "]"
_BOOL_WORDS = pa.array(["true", "false"])
_GLANCE_ROWS = 64


class _NotCovered(Exception):
    """The input is outside what the pyarrow path reproduces; pandas reads it instead."""


def read_csv(path: Path) -> pd.DataFrame:
    """``pandas.read_csv(path, float_precision="round_trip")``, via pyarrow where it agrees."""
    try:
        return read_with_pyarrow(path)
    except _NotCovered as why:
        log.debug("%s: read by pandas (%s)", path, why)
    return pd.read_csv(path, float_precision="round_trip")


def low_memory_chunk_rows(n_columns: int) -> int:
    """Rows per chunk pandas' C parser types separately (its ``buffer_lines`` heuristic)."""
    heuristic = 2**20 // max(n_columns, 1)
    rows = 1
    while rows * 2 < heuristic:
        rows *= 2
    return rows


def _lines(path: Path, block_bytes: int = 1 << 20) -> int:
    """Lines in the file, read block by block (no copy of the whole file in memory).

    Raises ``_NotCovered`` for carriage returns outside CRLF line ends.
    """
    lines = returns = crlf = 0
    previous = b""
    with open(path, "rb") as handle:
        while block := handle.read(block_bytes):
            raw = np.frombuffer(block, dtype=np.uint8)
            feeds = raw == ord("\n")
            lines += np.count_nonzero(feeds)
            if b"\r" in block or previous == b"\r":
                returns += block.count(b"\r")
                crlf += block.count(b"\r\n") + (previous == b"\r" and block[:1] == b"\n")
            previous = block[-1:]
    if returns != crlf:
        raise _NotCovered("carriage returns outside CRLF line ends")
    return lines + (previous != b"\n")


def read_with_pyarrow(path: Path) -> pd.DataFrame:
    """The pyarrow path alone; raises ``_NotCovered`` for inputs it does not reproduce."""
    with open(path, "rb") as handle:
        header = handle.readline(1 << 20)
    if not header.endswith(b"\n"):
        raise _NotCovered("no line feed after the header")
    try:
        names = pacsv.read_csv(pa.py_buffer(header)).column_names
    except (pa.ArrowInvalid, UnicodeDecodeError) as err:
        raise _NotCovered(f"pyarrow cannot parse the header: {err}") from None
    if len(set(names)) != len(names) or "" in names:
        raise _NotCovered("empty or duplicated column names")
    options = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        null_values=PANDAS_NA_STRINGS,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    try:
        table = pacsv.read_csv(path, convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError) as err:
        raise _NotCovered(f"pyarrow cannot parse it: {err}") from None
    if table.num_rows == 0 or table.num_rows != _lines(path) - 1 or table.column_names != names:
        raise _NotCovered("blank lines, quoted line breaks or no rows")
    chunk_rows = low_memory_chunk_rows(len(names))
    with ThreadPoolExecutor(max_workers=2) as pool:  # pyarrow compute releases the GIL
        columns = list(pool.map(lambda name: _typed(table.column(name), chunk_rows), names))
    # copy=False keeps one block per column: consolidating would copy every column again.
    return pd.DataFrame(dict(zip(names, columns, strict=True)), copy=False)


def _typed(column: pa.ChunkedArray, chunk_rows: int) -> np.ndarray:
    present = column.drop_null() if column.null_count else column
    if len(present) == 0:
        return np.full(len(column), np.nan)
    if _all_digits(present.slice(0, _GLANCE_ROWS)) and _all_digits(present):  # common, cheap
        return _numbers(column, integers_only=True)
    fractions = _fractions(column)
    if fractions is not None:
        return fractions
    if _only_bytes(present, _NUMBER_BYTES):
        return _numbers(column, integers_only=_only_bytes(present, _INTEGER_BYTES))
    if _every_chunk_has_text(column, chunk_rows):
        values = column.to_numpy(zero_copy_only=False)
        if column.null_count:
            values[pc.is_null(column).to_numpy(zero_copy_only=False)] = np.nan
        return values
    words = pc.utf8_lower(present)
    if not column.null_count and pc.all(pc.is_in(words, value_set=_BOOL_WORDS)).as_py():
        return pc.equal(words, "true").to_numpy()
    raise _NotCovered("a low_memory chunk of number- or bool-like text")


def _all_digits(column: pa.ChunkedArray) -> bool:
    return bool(pc.all(pc.ascii_is_decimal(column)).as_py())


def _has_huge_integer(column: pa.ChunkedArray, values: np.ndarray) -> bool:
    """Whether an integer beyond int64 is among the values (``values``: them as floats).

    pandas does not read such a column as floats: it keeps it as text, or as uint64.
    """
    huge = np.abs(values) >= 2.0**63
    if not huge.any():
        return False
    written = pc.filter(column, pa.array(huge))
    return pc.any(pc.match_substring_regex(written, r"^[+-]?[0-9]+$")).as_py() is True


def _floats(column: pa.ChunkedArray) -> np.ndarray | None:
    """The column as the floats pandas reads from it, or None where that is not sure.

    None for text pyarrow cannot read as floats, an infinity (``1e400`` is text to pandas)
    or an integer beyond int64 among the values.
    """
    try:
        values = pc.cast(column, pa.float64()).to_numpy()
    except pa.ArrowInvalid:
        return None
    if np.isinf(values).any() or _has_huge_integer(column, values):
        return None
    return values


def _fractions(column: pa.ChunkedArray) -> np.ndarray | None:
    """The floats of a column of plain decimals with at least one fraction, else None.

    A value with a fraction means pandas did not read the column as integers, and pyarrow
    accepts only the float spellings pandas accepts (no spaces, no hex, no ``1_0``).
    """
    if not _only_bytes(column.slice(0, _GLANCE_ROWS).drop_null(), _NUMBER_BYTES):
        return None  # not even the first values are plain decimals
    values = _floats(column)
    if values is None or np.count_nonzero(np.isnan(values)) != column.null_count:
        return None  # NaN spellings go the careful path too
    if np.array_equal(values, np.trunc(values), equal_nan=True):
        return None  # only whole numbers: pandas may have read integers
    return values


def _only_bytes(column: pa.ChunkedArray, allowed: bytes) -> bool:
    """Whether a string column's text uses no byte outside ``allowed``."""
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
        start, stop = offsets[chunk.offset], offsets[chunk.offset + len(chunk)]
        if bytes(memoryview(chunk.buffers()[2])[start:stop]).translate(None, allowed):
            return False
    return True


def _numbers(column: pa.ChunkedArray, integers_only: bool) -> np.ndarray:
    if integers_only and not column.null_count:
        try:  # pandas reads as int64 exactly the integers that fit it
            return pc.cast(column, pa.int64()).to_numpy()
        except pa.ArrowInvalid:
            raise _NotCovered("integers pyarrow does not read as pandas does") from None
    values = _floats(column)
    if values is None:
        raise _NotCovered("numbers pandas may read otherwise (overflow, unreadable text)")
    return values


def _every_chunk_has_text(column: pa.ChunkedArray, chunk_rows: int) -> bool:
    """Whether each low_memory chunk holds a value pandas reads as neither number nor bool."""
    for first in range(0, len(column), chunk_rows):
        chunk = column.slice(first, chunk_rows)
        # Text ids are text in (nearly) every row: a glance at the first rows usually suffices.
        for part in (chunk.slice(0, _GLANCE_ROWS), chunk):
            if pc.any(pc.match_substring_regex(part, _TEXT_WITNESS)).as_py():
                break
        else:
            return False
    return True
