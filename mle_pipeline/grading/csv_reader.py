"""Read a CSV into exactly the DataFrame MLE-bench's graders read, several times faster.

MLE-bench parses submissions and answers with ``pandas.read_csv(path,
float_precision="round_trip")``: pandas' C parser, which types each column from its text,
``low_memory`` chunk by chunk. Validity and scores depend on those types (an id column of
ints vs strings, a label read as ``5`` vs ``5.0``), so a faster reader must give the same
frame, not a similar one.

``read_csv`` lets pyarrow parse and type the file, then keeps its types where pandas' are
known to be the same and types the rest from their text by pandas' rules:

- numbers: a column pyarrow reads as numbers pandas reads as numbers too, and both parse
  decimals correctly rounded (as pandas' round-trip parser does). Integers stay int64
  (float64 if a value is missing), floats stay float64. Columns where the two may differ
  (hex, ``+5``, overflow, NaN spellings) are typed from their text instead;
- text, and what pyarrow reads as dates or bools: only digits, signs, ``.`` and ``e``
  make int64 if every value is an integer that fits it and none is missing, else float64;
  ``true``/``false`` in any case and none missing make bool; anything else is text (object,
  missing as NaN) when each of pandas' ``low_memory`` chunks holds a value pandas cannot
  read as a number or a bool, so no chunk was typed apart.

Every other input (blank or CR-only lines, a line of spaces in a one-column file, quoted
newlines, ragged rows, duplicated or empty header names, padded numbers in text, overflowing
values, a chunk of number-like text, bad UTF-8, ...) is read by pandas itself, so the result
is pandas' in every case. tests/test_csv_reader.py compares the two on generated files.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from mle_pipeline.pandas_csv import PANDAS_NA_STRINGS

log = logging.getLogger(__name__)

_NUMBER_BYTES = b"0123456789+-.eE"
_INTEGER_BYTES = b"0123456789+-"
# A value with a character outside this set is neither a number (decimal, inf, nan, padded
# with spaces) nor a bool to pandas: it keeps its low_memory chunk as text.
_NUMBER_OR_BOOL_CHARS = "0123456789+-.eE \t\r\v\fiInNfFtTyYaArRuUlLsS"
_TEXT_WITNESS = "[^" + re.escape(_NUMBER_OR_BOOL_CHARS) + "]"
_BOOL_WORDS = pa.array(["true", "false"])
_GLANCE_ROWS = 64
_INT64_MIN = -(2**63)
# One thread and the C allocator: grading benchmarks/grading_speed.py's jigsaw files then
# peaked at 63-72 MiB, against 96 with pyarrow's jemalloc pool, 104 with mimalloc (its
# default) and about 110 with its threads; the time target is met without them. With the
# types given from the first block (``_head_types``) it peaks at 62-65 MiB.
_READ_OPTIONS = pacsv.ReadOptions(use_threads=False)
_POOL = pa.system_memory_pool()
_READ_ERRORS = (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError)
_HEAD_BYTES = 1 << 20  # pyarrow's own block size: it infers types from its first block


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


def _scan(path: Path, block_bytes: int = 1 << 20) -> tuple[int, bool]:
    """(lines in the file, whether ``0x`` or ``0X`` is in it), read a block at a time.

    Raises ``_NotCovered`` for carriage returns outside CRLF line ends. pyarrow reads
    ``0x10`` as the integer 16 where pandas keeps text: integer columns of a file with
    ``0x`` get their text checked.
    """
    line_ends = returns = pairs = 0
    has_x, last = False, b""
    with open(path, "rb") as handle:
        while block := handle.read(block_bytes):
            first = block[:1]
            line_ends += block.count(b"\n")
            if b"\r" in block or last == b"\r":  # one-byte searches are memchr: cheap
                returns += block.count(b"\r")
                pairs += block.count(b"\r\n") + (last == b"\r" and first == b"\n")
            if not has_x and (b"x" in block or b"X" in block):
                has_x = b"0x" in block or b"0X" in block
                has_x = has_x or (last == b"0" and first in (b"x", b"X"))
            last = block[-1:]
    if returns != pairs:
        raise _NotCovered("carriage returns outside CRLF line ends")
    return line_ends + (last not in (b"", b"\n")), has_x  # the last line may have no end


def _convert_options(types: dict[str, pa.DataType] | None = None) -> pacsv.ConvertOptions:
    options = pacsv.ConvertOptions(
        null_values=PANDAS_NA_STRINGS, strings_can_be_null=True, quoted_strings_can_be_null=True
    )
    if types is not None:
        options.column_types = types
    return options


def _read(source: Path | pa.BufferReader, options: pacsv.ConvertOptions) -> pa.Table:
    return pacsv.read_csv(
        source, read_options=_READ_OPTIONS, convert_options=options, memory_pool=_POOL
    )


def _head_types(path: Path) -> dict[str, pa.DataType] | None:
    """The column types pyarrow infers from the file's first rows; None if it is that small.

    While it infers a column's type, pyarrow's reader keeps every parsed block of the file
    (it may have to convert them again) until the end: on jigsaw's 20 MB submission its
    parse peaks at 33 MiB for a 10 MiB table. Given the types it keeps none (11 MiB).
    """
    if path.stat().st_size <= _HEAD_BYTES:
        return None  # one block: inferring keeps nothing more
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    head = head[: head.rfind(b"\n") + 1]
    try:
        schema = _read(pa.BufferReader(head), _convert_options()).schema
        names = schema.names  # decoded only when asked
    except _READ_ERRORS:
        return None  # the whole-file read tells why
    if len(set(names)) != len(names) or any(pa.types.is_null(t) for t in schema.types):
        return None  # types by name cannot tell duplicates apart; a null column may widen
    return dict(zip(names, schema.types, strict=True))


def _parse(path: Path, text_columns: list[str] | None = None) -> pa.Table:
    """pyarrow's parse of the CSV (only ``text_columns``, as text, if given).

    The types inferred from the first rows are tried first: a value later in the file that
    does not fit them makes pyarrow infer the types from the whole file instead, which then
    gives the same types it would have given at once (it only ever widens a type).
    """
    if text_columns is None and (types := _head_types(path)) is not None:
        try:
            return _read(path, _convert_options(types))
        except _READ_ERRORS:
            pass  # a later value does not fit them
    options = _convert_options()
    if text_columns is not None:
        options.include_columns = text_columns
        options.column_types = {name: pa.string() for name in text_columns}
    try:
        return _read(path, options)
    except _READ_ERRORS as err:
        raise _NotCovered(f"pyarrow cannot parse it: {err}") from None


def _column_names(table: pa.Table) -> list[str]:
    """The table's column names; refused if pyarrow and pandas may differ on them."""
    try:
        names = table.column_names
    except UnicodeDecodeError as err:  # pyarrow decodes the names only when asked
        raise _NotCovered(f"column names are not UTF-8: {err}") from None
    if len(set(names)) != len(names) or "" in names:
        raise _NotCovered("empty or duplicated column names")
    return names


def _spaces_only(column: pa.ChunkedArray) -> bool:
    """Whether a text value is only spaces and tabs (pandas skips such a line as blank)."""
    if not pa.types.is_string(column.type):
        return False
    return pc.any(pc.match_substring_regex(column, r"^[ \t]+$")).as_py() is True


def read_with_pyarrow(path: Path) -> pd.DataFrame:
    """The pyarrow path alone; raises ``_NotCovered`` for inputs it does not reproduce."""
    lines, has_x = _scan(path)
    table = _parse(path)
    if table.num_rows != lines - 1:
        raise _NotCovered("blank lines or quoted line breaks")
    if table.num_rows == 0:
        raise _NotCovered("no rows")
    names = _column_names(table)
    if len(names) == 1 and _spaces_only(table.column(0)):
        raise _NotCovered("a one-column file with a line of spaces, which pandas skips")
    arrow = dict(zip(names, table.columns, strict=True))
    del table  # a column's Arrow memory is let go as soon as the column is converted
    columns: dict[str, np.ndarray | None] = {}
    # Text columns, and columns pyarrow typed as dates, bools, ... or as numbers that need a
    # look at their text, are typed from their text by pandas' rules.
    texts: dict[str, pa.ChunkedArray] = {}
    for name in names:
        column = arrow.pop(name)
        if pa.types.is_string(column.type):
            texts[name] = column
            columns[name] = None
        else:
            values = _number_values(column, has_x)
            columns[name] = None if values is None else _writable(values)
        del column
    reread = [name for name in names if columns[name] is None and name not in texts]
    if reread:
        texts.update(zip(reread, _parse(path, reread).columns, strict=True))
    chunk_rows = low_memory_chunk_rows(len(names))
    for name in list(texts):
        columns[name] = _writable(_typed(texts.pop(name), chunk_rows))
    # copy=False keeps one block per column: consolidating would copy every column again.
    return pd.DataFrame(columns, copy=False)


def _writable(values: np.ndarray) -> np.ndarray:
    """``values``, copied if it is a read-only view of Arrow memory (pandas' frames are not).

    A single-chunk column converts without a copy; a grader writing into its frame
    (``frame.loc[rows, column] = ...``) must not fail where pandas' frame would not.
    """
    return values if values.flags.writeable else values.copy()


def _number_values(column: pa.ChunkedArray, has_x: bool) -> np.ndarray | None:
    """The values pandas reads from a column pyarrow typed as numbers; None: look at the text.

    Any number in a column makes pandas read it as numbers too (it types each low_memory
    chunk apart, but a chunk of numbers or missing values is numbers), and both parse
    decimals correctly rounded. pandas differs on ``+5`` (an integer, a float to pyarrow),
    ``0x10`` (text, 16), overflow (text or uint64, inf) and NaN spellings outside its
    missing-value list: those columns get their text read.
    """
    if pa.types.is_null(column.type):
        return np.full(len(column), np.nan)
    if pa.types.is_int64(column.type) and not has_x:
        if column.null_count:
            if pc.min(column).as_py() == _INT64_MIN:
                return None  # pandas reads it as missing beside a missing value
            return pc.cast(column, pa.float64(), safe=False).to_numpy()  # rounds as pandas
        return column.to_numpy()
    if not pa.types.is_float64(column.type):
        return None
    values = column.to_numpy()
    if column.null_count:  # pandas reads a chunk with a missing value as floats: no ints
        present = values[~np.isnan(values)]
        if len(present) != len(values) - column.null_count:
            return None  # a NaN spelling outside pandas' missing values
    else:
        present = values
        if _whole(values):
            return None  # maybe integers to pandas (+5)
    # min/max are NaN if any is: this also catches NaN spellings
    if len(present) and not (-(2.0**63) < present.min() and present.max() < 2.0**63):
        return None  # infinity (1e400 is text to pandas) or an integer beyond int64
    return values


def _whole(values: np.ndarray) -> bool:
    """Whether every value is a whole number; the first values usually settle it."""
    for part in (values[:_GLANCE_ROWS], values):
        if (part != np.trunc(part)).any():
            return False
    return True


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
    """Whether a string column's text uses no byte outside ``allowed``.

    The first rows are looked at first: a text column usually gives itself away there.
    """
    for part in (column.slice(0, _GLANCE_ROWS), column):
        for chunk in part.chunks:
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
