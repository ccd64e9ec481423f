"""Read a CSV into exactly the DataFrame MLE-bench's graders read, several times faster.

MLE-bench parses submissions and answers with ``pandas.read_csv(path,
float_precision="round_trip")``: pandas' C parser, which types each column from its text,
``low_memory`` chunk by chunk. Validity and scores depend on those types (an id column of
ints vs strings, a label read as ``5`` vs ``5.0``), so a faster reader must give the same
frame, not a similar one.

``read_csv`` lets pyarrow parse and type the file (multi-threaded; a file without quotes
in pieces of whole lines, to hold less memory), then keeps its types where pandas' are known
to be the same and types the rest from their text by pandas' rules:

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
is pandas' in every case.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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


class _NotCovered(Exception):
    """The input is outside what the pyarrow path reproduces; pandas reads it instead."""


class SharedReads:
    """What the reads of one grading share: typed text columns, and files parsed ahead.

    A submission's id column usually repeats the answers' one, and making its Python strings
    is most of the cost of a text column: a later file reuses an equal column's strings.
    ``parse_next`` lets pyarrow parse a file (which needs no GIL) on a background thread
    while another file is parsed and typed. The reads share one memory budget (see
    ``_MemoryBudget``). Use it as a context manager: leaving waits for any parse still
    running.
    """

    def __init__(self) -> None:
        self._columns: dict[tuple[str, int], tuple[pa.ChunkedArray, np.ndarray]] = {}
        self._ahead: dict[Path, Future[_Parsed]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self.memory = _MemoryBudget()

    def __enter__(self) -> SharedReads:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._ahead.clear()

    def parse_next(self, path: Path) -> None:
        """Start parsing ``path`` on a background thread, to be read later in this grading.

        A parse in pieces leaves the cores idle between pieces: two files parsed at once
        fill them (tabular 1 M rows: grading 10 % faster, the same peak memory).
        """
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse")
        self.memory.add_input(path)
        self._ahead[path] = self._pool.submit(_parse, path, self.memory)

    def parsed(self, path: Path) -> _Parsed:
        ahead = self._ahead.pop(path, None)
        if ahead is not None:
            return ahead.result()
        self.memory.add_input(path)
        return _parse(path, self.memory)

    def typed(self, name: str, column: pa.ChunkedArray, chunk_rows: int) -> np.ndarray:
        """``column`` typed by pandas' rules (chunk_rows: its low_memory chunk size)."""
        known = self._columns.get((name, chunk_rows))
        if known is not None and known[0].equals(column):
            return known[1].copy()  # a new array of the same (immutable) values
        values = _typed(column, chunk_rows)
        self._columns[(name, chunk_rows)] = (column, values)
        return values


def read_csv(path: Path, shared: SharedReads | None = None) -> pd.DataFrame:
    """``pandas.read_csv(path, float_precision="round_trip")``, via pyarrow where it agrees."""
    try:
        return read_with_pyarrow(path, shared)
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
    """(lines in the file, whether ``0x`` or ``0X`` is in it), read in blocks of whole lines.

    For files with quotes, which are parsed whole. Raises ``_NotCovered`` for carriage
    returns outside CRLF line ends.
    """
    lines = _Lines()
    for block in _pieces(path, block_bytes, refuse_quotes=False):
        lines.check(block)
    return lines.count, lines.has_x


@dataclass
class _Lines:
    """What the checks of a file's pieces of whole lines found, piece after piece."""

    line_ends: int = 0
    has_x: bool = False  # whether ``0x`` or ``0X`` is in the file
    last_byte: bytes = b""

    def check(self, piece: memoryview) -> None:
        """Count a piece's line ends, look for ``0x``; refuse a carriage return outside CRLF."""
        data, size = piece.obj, len(piece)
        if data.find(b"\r", 0, size) >= 0:
            if data.count(b"\r", 0, size) != data.count(b"\r\n", 0, size):
                raise _NotCovered("carriage returns outside CRLF line ends")
        raw = np.frombuffer(data, dtype=np.uint8, count=size)
        self.line_ends += int(np.count_nonzero(raw == ord("\n")))
        self.has_x = self.has_x or _has_hex_prefix(data, size)
        self.last_byte = bytes(piece[-1:])

    @property
    def count(self) -> int:
        return self.line_ends + (self.last_byte != b"\n")  # the last line may have no end


def _has_hex_prefix(data: bytearray, size: int) -> bool:
    """Whether ``0x`` or ``0X`` is in ``data[:size]``, whole lines (a line starts after ``\\n``).

    pyarrow reads ``0x10`` as the integer 16 where pandas keeps text: integer columns of a
    file with ``0x`` get their text checked.
    """
    # find() is a memchr: almost free while the byte is absent
    if data.find(b"x", 0, size) < 0 and data.find(b"X", 0, size) < 0:
        return False
    raw = np.frombuffer(data, dtype=np.uint8, count=size)
    x = np.flatnonzero((raw | 0x20) == ord("x"))
    return bool((raw[x[x > 0] - 1] == ord("0")).any())


# Files are parsed a piece of whole lines at a time: pyarrow's whole-file read holds the file's
# bytes beside the table it builds, which more than doubles the memory a grading needs.
PIECE_BYTES = 2 << 20
# Every this many bytes parsed, freed parse memory is given back if the grading is over its
# memory budget (see _MemoryBudget): jigsaw's grading peaks at 54 MiB instead of 63 (every
# piece: 52; only at the end: 63).
TRIM_BYTES = 8 << 20
# glibc's allocator hands large freed blocks back to the system at once; mimalloc (pyarrow's
# default) keeps them a while, which shows as a higher peak RSS for the same reads.
_POOL = pa.system_memory_pool()
_READ_ERRORS = (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError)


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _libc_malloc_trim()


def _give_back_freed_memory() -> None:
    """Return the free memory glibc's heaps hold to the system (no-op without glibc).

    A parse frees many blocks in the heaps of pyarrow's threads, where glibc keeps them for
    those threads: without this a grading's peak RSS holds one file's parse beside the next
    (tabular 1 M rows: 109 MiB instead of 70).
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


# A grading's RSS may grow by this much per byte of the CSVs it reads before freed memory is
# given back. Measured with benchmarks/grading_speed.py, tabular 1 M rows: giving back at
# every chance 1.9-2.05x pyarrow's read at 1.9x the Arrow tables' memory; 1.0: 1.7x at 2.0x;
# 1.25: 1.6x at 2.3x; 1.5: 1.6-1.75x at 2.35-2.45x. Jigsaw, whose frames alone outgrow any
# of these, gives back as before (2.7-3.0x).
RSS_GROWTH_PER_CSV_BYTE = 1.25
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return None


class _MemoryBudget:
    """Freed memory is given back only once a grading's RSS grew past a budget.

    Memory given back costs a page fault per page when it is used again: 3.3 µs each on a
    2-core VM, 17,000 of them per jigsaw grading (a third of its time) if every parse gives
    back. Kept, the next piece or grading reuses it. The budget grows with the CSVs read.
    """

    def __init__(self) -> None:
        self._start = _rss_bytes()
        self._allowed = 0.0
        self._inputs: set[Path] = set()

    def add_input(self, path: Path) -> None:
        """Count a CSV this grading reads (once per path) into the budget."""
        if path not in self._inputs:
            self._inputs.add(path)
            self._allowed += RSS_GROWTH_PER_CSV_BYTE * os.stat(path).st_size

    def give_back_if_over(self) -> None:
        """Give freed memory back if the RSS grew past the budget (always without /proc)."""
        now = _rss_bytes()
        if self._start is None or now is None or now - self._start > self._allowed:
            _give_back_freed_memory()


class _Quoted(Exception):
    """A double quote is in the file: a quoted field may hold a line break, so no pieces."""


def _read(
    path: Path, memory: _MemoryBudget, text_columns: list[str] | None = None
) -> tuple[pa.Table, bool]:
    """The file with pyarrow's own types (or only ``text_columns``, as text), and whether
    ``0x`` or ``0X`` is in it.

    A file without a double quote is parsed in pieces of whole lines; a file with one is
    parsed whole, its lines counted beside: a quoted field may hold a line break.
    """
    options = pacsv.ConvertOptions(
        null_values=PANDAS_NA_STRINGS, strings_can_be_null=True, quoted_strings_can_be_null=True
    )
    if text_columns is not None:
        options.include_columns = text_columns
        options.column_types = {name: pa.string() for name in text_columns}
    try:
        tables, has_x = _read_pieces(path, options, memory)
    except _Quoted:
        return _read_whole(path, options)
    return _joined(path, tables, memory), has_x


def _read_whole(path: Path, options: pacsv.ConvertOptions) -> tuple[pa.Table, bool]:
    with ThreadPoolExecutor(max_workers=1) as pool:  # the scan overlaps pyarrow's parse
        scanned = pool.submit(_scan, path)
        table = _parse_csv(path, options)
        lines, has_x = scanned.result()
    if table.num_rows != lines - 1:
        raise _NotCovered("blank lines or quoted line breaks")
    return table, has_x


def _joined(path: Path, tables: list[pa.Table], memory: _MemoryBudget) -> pa.Table:
    """The pieces' tables as one; a column pyarrow typed apart in two pieces is read as text."""
    if len(tables) == 1:
        return tables[0]
    schema = tables[0].schema
    mixed = [
        field.name
        for index, field in enumerate(schema)
        if any(table.schema.field(index).type != field.type for table in tables[1:])
    ]
    if not mixed:
        return pa.concat_tables(tables)
    kept = {
        field.name: pa.chunked_array(
            [chunk for table in tables for chunk in table.column(index).chunks], field.type
        )
        for index, field in enumerate(schema)
        if field.name not in mixed
    }
    del tables
    texts, _ = _read(path, memory, mixed)
    return pa.table(
        [kept[name] if name in kept else texts.column(name) for name in schema.names],
        names=schema.names,
    )


def _read_pieces(
    path: Path, options: pacsv.ConvertOptions, memory: _MemoryBudget
) -> tuple[list[pa.Table], bool]:
    """One table per piece of the file, each parsed by pyarrow (multi-threaded), and whether
    ``0x`` or ``0X`` is in the file. Refuses blank lines (one row fewer than lines)."""
    pieces = _pieces(path, PIECE_BYTES)
    first = next(pieces, None)
    if first is None:
        raise _NotCovered("empty file")
    names = _header_names(first)
    lines = _Lines()
    lines.check(first)
    tables = [_parse_csv(first, options)]
    del first
    following = pacsv.ReadOptions(column_names=names)  # the header is in the first piece only
    untrimmed = 0  # bytes parsed since freed memory was last given back
    for piece in pieces:
        lines.check(piece)
        tables.append(_parse_csv(piece, options, following))
        untrimmed += len(piece)
        if untrimmed >= TRIM_BYTES:
            memory.give_back_if_over()
            untrimmed = 0
    if sum(table.num_rows for table in tables) != lines.count - 1:
        raise _NotCovered("blank lines")
    return tables, lines.has_x


def _parse_csv(
    source: Path | memoryview, options: pacsv.ConvertOptions, read: pacsv.ReadOptions | None = None
) -> pa.Table:
    data = pa.BufferReader(pa.py_buffer(source)) if isinstance(source, memoryview) else source
    try:
        return pacsv.read_csv(data, read_options=read, convert_options=options, memory_pool=_POOL)
    except _READ_ERRORS as err:
        raise _NotCovered(f"pyarrow cannot parse it: {err}") from None


def _header_names(piece: memoryview) -> list[str]:
    """The column names in the first line; refused if pyarrow and pandas may differ on them."""
    end = bytes(piece[: 1 << 16]).find(b"\n")
    header = piece[: end + 1] if end >= 0 else piece
    return _column_names(_parse_csv(header, pacsv.ConvertOptions()))


def _column_names(table: pa.Table) -> list[str]:
    """The table's column names; refused if pyarrow and pandas may differ on them."""
    try:
        names = table.column_names
    except UnicodeDecodeError as err:  # pyarrow decodes the names only when asked
        raise _NotCovered(f"column names are not UTF-8: {err}") from None
    if len(set(names)) != len(names) or "" in names:
        raise _NotCovered("empty or duplicated column names")
    return names


def _pieces(path: Path, piece_bytes: int, refuse_quotes: bool = True) -> Iterator[memoryview]:
    """The file as pieces of whole lines, about ``piece_bytes`` each (a longer line is one).

    Raises ``_Quoted`` as soon as a piece holds a double quote, unless ``refuse_quotes`` is
    false. A piece's buffer is reused for the next one once nothing holds a view of it
    (fresh pages cost page faults).
    """
    with open(path, "rb", buffering=0) as handle:
        # a zeroed buffer no larger than the file (+1: a full read means there may be more)
        buffer = bytearray(min(piece_bytes, os.fstat(handle.fileno()).st_size + 1))
        while True:
            size = _read_into(handle, buffer)
            if size == 0:
                return
            cut = size
            if size == len(buffer):
                cut = buffer.rfind(b"\n") + 1
                if cut == 0:  # a line longer than the piece
                    handle.seek(-size, 1)
                    buffer = bytearray(2 * len(buffer))
                    continue
                handle.seek(cut - size, 1)  # the partial line starts the next piece
            if refuse_quotes and buffer.find(b'"', 0, cut) >= 0:
                raise _Quoted
            piece = memoryview(buffer)[:cut]
            yield piece
            try:
                piece.release()  # fails while pyarrow still holds a view of the buffer
            except BufferError:
                buffer = bytearray(len(buffer))


def _read_into(handle, buffer: bytearray) -> int:
    """Fill ``buffer`` from ``handle`` (fewer bytes only at the end of the file)."""
    view, filled = memoryview(buffer), 0
    while filled < len(buffer) and (size := handle.readinto(view[filled:])):
        filled += size
    return filled


@dataclass(frozen=True)
class _Parsed:
    names: list[str]
    table: pa.Table
    has_x: bool  # whether ``0x`` or ``0X`` is in the file


def _parse(path: Path, memory: _MemoryBudget) -> _Parsed:
    """pyarrow's parse of the file, checked for what it may have read otherwise than pandas."""
    table, has_x = _read(path, memory)
    memory.give_back_if_over()
    if table.num_rows == 0:
        raise _NotCovered("no rows")
    names = _column_names(table)
    if len(names) == 1 and _spaces_only(table.column(0)):
        raise _NotCovered("a one-column file with a line of spaces, which pandas skips")
    return _Parsed(names, table, has_x)


def _spaces_only(column: pa.ChunkedArray) -> bool:
    """Whether a text value is only spaces and tabs (pandas skips such a line as blank)."""
    if not pa.types.is_string(column.type):
        return False
    return pc.any(pc.match_substring_regex(column, r"^[ \t]+$")).as_py() is True


def read_with_pyarrow(path: Path, shared: SharedReads | None = None) -> pd.DataFrame:
    """The pyarrow path alone; raises ``_NotCovered`` for inputs it does not reproduce."""
    shared = shared if shared is not None else SharedReads()
    parsed = shared.parsed(path)
    names, has_x = parsed.names, parsed.has_x
    arrow = dict(zip(names, parsed.table.columns, strict=True))
    del parsed  # a column's Arrow memory is let go as soon as the column is converted
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
        texts.update(zip(reread, _read(path, shared.memory, reread)[0].columns, strict=True))
    chunk_rows = low_memory_chunk_rows(len(names))
    if len(texts) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:  # pyarrow compute releases the GIL
            typed = list(pool.map(lambda item: shared.typed(*item, chunk_rows), texts.items()))
    else:
        typed = [shared.typed(name, column, chunk_rows) for name, column in texts.items()]
    columns.update(zip(texts, map(_writable, typed), strict=True))
    del texts, typed  # the file's Arrow columns
    shared.memory.give_back_if_over()
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
