"""File-by-file comparison of two prepared folders, with a first-difference hint for CSVs."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

HINT_WIDTH = 80
SAME_ARCHIVE = "same files, byte for byte; only archive metadata (times, order, folder entries)"
SAME_TABLE = "same columns, types and rows; only the parquet writer's encoding and metadata"


@dataclass(frozen=True)
class FileComparison:
    """One relative path: its md5 on each side (None when absent) and how they differ."""

    path: str
    ours: str | None
    theirs: str | None
    hint: str | None = None
    same_contents: bool = False  # archives whose members are equal byte for byte, parquet
    # files with equal tables

    @property
    def identical(self) -> bool:
        return self.ours is not None and self.ours == self.theirs

    @property
    def equivalent(self) -> bool:
        """Identical, or zip/7z/tar archives differing only in metadata (timestamps, order), or
        parquet files holding the same table."""
        return self.identical or self.same_contents


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _clip(line: str | None) -> str:
    if line is None:
        return "<no line>"
    line = line.rstrip("\r\n")
    return repr(line if len(line) <= HINT_WIDTH else line[:HINT_WIDTH] + "...")


def first_difference(ours: Path, theirs: Path) -> str:
    """Where two text files first differ: line number and both lines (clipped)."""
    with (
        open(ours, encoding="utf-8", errors="replace", newline="") as a,
        open(theirs, encoding="utf-8", errors="replace", newline="") as b,
    ):
        for number, (left, right) in enumerate(zip_longest(a, b), start=1):
            if left != right:
                return f"line {number}: ours {_clip(left)} vs MLE-bench {_clip(right)}"
    return "same text, different bytes"


def _zip_files(archive: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
    # Directory entries hold no bytes: extraction creates the folders either way.
    return {i.filename: (i.CRC, i.file_size) for i in archive.infolist() if not i.is_dir()}


def same_zip_members(ours: Path, theirs: Path) -> bool:
    """Whether two zips hold the same files with the same bytes (CRC and size)."""
    try:
        with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
            return _zip_files(a) == _zip_files(b)
    except (OSError, zipfile.BadZipFile):
        return False


def _7z_files(path: Path) -> dict[str, tuple[int, int]]:
    import py7zr

    with py7zr.SevenZipFile(path) as archive:
        return {e.filename: (e.crc32, e.uncompressed) for e in archive.list() if not e.is_directory}


def same_7z_members(ours: Path, theirs: Path) -> bool:
    """Whether two 7z archives hold the same files with the same bytes (CRC and size)."""
    import py7zr.exceptions

    try:
        return _7z_files(ours) == _7z_files(theirs)
    except (OSError, py7zr.exceptions.ArchiveError):
        return False


def _tar_files(path: Path) -> dict[str, tuple[int, str]]:
    import tarfile

    files = {}
    with tarfile.open(path, "r|*") as archive:
        for member in archive:
            if member.isfile():
                data = archive.extractfile(member)
                files[member.name] = (member.size, hashlib.md5(data.read()).hexdigest())
    return files


def same_tar_members(ours: Path, theirs: Path) -> bool:
    """Whether two tars (compressed or not) hold the same files with the same bytes."""
    import tarfile

    try:
        return _tar_files(ours) == _tar_files(theirs)
    except (OSError, EOFError, tarfile.TarError):
        return False


def same_parquet_rows(ours: Path, theirs: Path) -> bool:
    """Whether two parquet files hold the same columns, types and rows, in the same order
    (the writer's name, encodings, row groups and pandas metadata aside). Reads both whole:
    meant for the small sample data."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(ours).equals(pq.read_table(theirs))
    except (OSError, pa.ArrowException):
        return False


_SAME_MEMBERS = {
    ".parquet": same_parquet_rows,
    ".zip": same_zip_members,
    ".7z": same_7z_members,
    ".tar": same_tar_members,
    ".gz": same_tar_members,
    ".tgz": same_tar_members,
}


def compare_trees(
    ours: Path, theirs: Path, ignore: frozenset[str] = frozenset()
) -> list[FileComparison]:
    """Every file under either folder (relative paths, sorted), compared by md5."""
    left, right = _files(ours), _files(theirs)
    results = []
    for name in sorted((set(left) | set(right)) - ignore):
        a = _md5(left[name]) if name in left else None
        b = _md5(right[name]) if name in right else None
        hint, same_contents = None, False
        if a is None:
            hint = "only MLE-bench writes this file"
        elif b is None:
            hint = "only we write this file"
        elif a != b and name.endswith(".csv"):
            hint = first_difference(left[name], right[name])
        elif (
            a != b
            and (same := _SAME_MEMBERS.get(Path(name).suffix))
            and same(left[name], right[name])
        ):
            same_contents = True
            hint = SAME_TABLE if name.endswith(".parquet") else SAME_ARCHIVE
        elif a != b:
            hint = "contents differ"
        results.append(FileComparison(name, a, b, hint, same_contents))
    return results
