"""Zip and 7z handling: deterministic zipping, integrity checks, bounded extraction.

Archives come from a download or a mirror and are not trusted. :func:`extract` refuses
members that escape the destination, duplicate member names and empty archives, and bounds
what it writes: an archive whose members *declare* more than the extraction limit is
refused before anything is written, and bytes are counted *while writing*, so a member
that turns out larger than declared (a decompression bomb) is stopped at the limit.

The limit is the smaller of ``$MLE_PIPELINE_MAX_EXTRACT_BYTES`` (default 1 TiB: MLE-bench's
largest competitions are a few hundred GB) and ``$MLE_PIPELINE_MAX_EXTRACT_RATIO`` (default
100) times the archive's size, but at least 1 GiB. Real data compresses far less than
100:1 (CSV 5-20:1, images about 1:1); 10 GB of zeros fits in a 10 MB zip.
"""

from __future__ import annotations

import lzma
import os
import shutil
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import py7zr
import py7zr.exceptions
import py7zr.helpers
import py7zr.io

from mle_pipeline.sources.base import SourceError

# A fixed timestamp makes zips of identical content byte-identical.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1 << 20
MAX_BYTES_ENV = "MLE_PIPELINE_MAX_EXTRACT_BYTES"
MAX_RATIO_ENV = "MLE_PIPELINE_MAX_EXTRACT_RATIO"
DEFAULT_MAX_BYTES = 1 << 40
DEFAULT_MAX_RATIO = 100
MIN_LIMIT = 1 << 30
# What a corrupt compressed stream raises, by library (bz2 raises OSError).
_STREAM_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    py7zr.exceptions.ArchiveError,
)


class ArchiveRefused(SourceError):
    """An archive that must not be (or could not be) extracted; the message says why."""


def zip_folder(folder: Path, dest: Path, *, compression: int = zipfile.ZIP_DEFLATED) -> None:
    """Zip every file below ``folder`` (sorted, fixed timestamps) into ``dest``."""
    with zipfile.ZipFile(dest, "w", compression=compression) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_EPOCH)
                info.compress_type = compression
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def _again(path: Path) -> str:
    return f"delete {path} and download it again"


def extract_limit(archive: Path) -> int:
    """The most bytes :func:`extract` writes for ``archive`` (see the module docstring)."""
    try:
        cap = int(os.environ.get(MAX_BYTES_ENV) or DEFAULT_MAX_BYTES)
        ratio = float(os.environ.get(MAX_RATIO_ENV) or DEFAULT_MAX_RATIO)
    except ValueError as err:
        raise SourceError(f"${MAX_BYTES_ENV} / ${MAX_RATIO_ENV}: not a number ({err})") from None
    return min(cap, max(MIN_LIMIT, int(ratio * archive.stat().st_size)))


def check_zip(path: Path, limit: int | None = None) -> None:
    """Raise SourceError unless ``path`` is a complete, readable zip archive.

    Members' declared sizes are checked against ``limit`` (default :func:`extract_limit`)
    before any is decompressed; decompression reads at most the declared size.
    """
    limit = extract_limit(path) if limit is None else limit
    try:
        with zipfile.ZipFile(path) as archive:
            _check_names(path, [i.filename for i in archive.infolist()], None)
            _check_declared(path, sum(i.file_size for i in archive.infolist()), limit)
            bad = archive.testzip()
    except _STREAM_ERRORS + (OSError,) as err:
        raise SourceError(
            f"{path}: not a complete zip archive ({type(err).__name__}: {err}); it is "
            f"probably truncated or corrupt: {_again(path)}"
        ) from None
    if bad is not None:
        raise SourceError(f"{path}: member {bad!r} fails its CRC check; {_again(path)}")


def _check_names(archive: Path, names: Iterable[str], dest: Path | None) -> None:
    """Refuse escaping, duplicate or no members (``dest``: where they would go, if known)."""
    seen: set[str] = set()
    root = (dest or Path("/nonexistent-extraction-root")).resolve()
    where = dest or "the extraction folder"
    for name in names:
        pure = PurePosixPath(name.replace("\\", "/"))
        inside = (root / pure).resolve().is_relative_to(root)
        if pure.is_absolute() or ".." in pure.parts or not inside:
            raise ArchiveRefused(
                f"{archive}: member {name!r} would escape {where}; {_again(archive)}"
            )
        key = pure.as_posix().rstrip("/")
        if key in seen:
            raise ArchiveRefused(
                f"{archive}: member {name!r} appears twice (which copy is meant is ambiguous); "
                f"{_again(archive)}"
            )
        seen.add(key)
    if not seen:
        raise ArchiveRefused(f"{archive}: the archive is empty; {_again(archive)}")


def _check_declared(archive: Path, declared: int, limit: int) -> None:
    if declared > limit:
        raise ArchiveRefused(
            f"{archive}: members declare {declared} uncompressed bytes, over the extraction "
            f"limit of {limit} (${MAX_BYTES_ENV}, ${MAX_RATIO_ENV}); if the archive is "
            f"genuine raise the limit, else {_again(archive)}"
        )


class _Budget:
    """Counts bytes written for one archive; raises once they pass the limit."""

    def __init__(self, archive: Path, limit: int) -> None:
        self.archive, self.limit, self.written = archive, limit, 0

    def add(self, count: int, member: str) -> None:
        self.written += count
        if self.written > self.limit:
            raise ArchiveRefused(
                f"{self.archive}: member {member!r} decompresses past the extraction limit "
                f"of {self.limit} bytes (a decompression bomb, or a limit too low: "
                f"${MAX_BYTES_ENV}, ${MAX_RATIO_ENV}); stopped there. {_again(self.archive)}"
            )


def extract(archive: Path, dest: Path, limit: int | None = None) -> None:
    """Extract a .zip or .7z archive into ``dest``, bounded (see the module docstring).

    On refusal the member being written is removed; ``dest`` is expected to be a temporary
    folder the caller discards.
    """
    dest.mkdir(parents=True, exist_ok=True)
    limit = extract_limit(archive) if limit is None else limit
    budget = _Budget(archive, limit)
    if archive.suffix == ".zip":
        _extract_zip(archive, dest, budget)
    elif archive.suffix == ".7z":
        _extract_7z(archive, dest, budget)
    else:
        raise SourceError(f"{archive}: unsupported archive type {archive.suffix!r}")


def _check_disk(archive: Path, dest: Path, declared: int) -> None:
    free = shutil.disk_usage(dest).free
    if declared > free:
        raise SourceError(
            f"{archive}: members declare {declared} bytes but {dest} has {free} bytes free; "
            "free some space and run again"
        )


def _extract_zip(archive: Path, dest: Path, budget: _Budget) -> None:
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise SourceError(
            f"{archive}: not a complete zip archive ({err}); it is probably truncated: "
            f"{_again(archive)}"
        ) from None
    with handle:
        infos = handle.infolist()
        _check_names(archive, [i.filename for i in infos], dest)
        declared = sum(i.file_size for i in infos)
        _check_declared(archive, declared, budget.limit)
        _check_disk(archive, dest, declared)
        for info in infos:
            target = dest / info.filename
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with handle.open(info) as source, open(target, "wb") as out:
                    _copy(source, out, budget, info.filename, archive)
            except BaseException:
                target.unlink(missing_ok=True)
                raise


def _copy(source, out, budget: _Budget, member: str, archive: Path) -> None:
    while True:
        try:
            chunk = source.read(_CHUNK)
        except _STREAM_ERRORS + (OSError,) as err:  # bz2: OSError "Invalid data stream"
            raise SourceError(
                f"{archive}: member {member!r} is corrupt ({type(err).__name__}: {err}); "
                f"{_again(archive)}"
            ) from None
        if not chunk:
            return
        budget.add(len(chunk), member)
        out.write(chunk)


class _BoundedFile(py7zr.io.Py7zIO):
    """A py7zr output that writes to ``target`` and counts bytes into the budget."""

    def __init__(self, target: Path, member: str, budget: _Budget) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target, self.member, self.budget = target, member, budget
        self.handle = open(target, "wb")  # noqa: SIM115 - closed in close()
        self.length = 0

    def write(self, s: bytes | bytearray) -> int:
        self.budget.add(len(s), self.member)
        self.length += len(s)
        return self.handle.write(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)

    def flush(self) -> None:
        self.handle.flush()

    def size(self) -> int:
        return self.length

    def close(self) -> None:
        self.handle.close()


class _BoundedFactory(py7zr.io.WriterFactory):
    def __init__(self, dest: Path, budget: _Budget) -> None:
        self.dest, self.budget = dest, budget
        self.files: list[_BoundedFile] = []

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        made = _BoundedFile(self.dest / filename, filename, self.budget)
        self.files.append(made)
        return made


def _extract_7z(archive: Path, dest: Path, budget: _Budget) -> None:
    factory = _BoundedFactory(dest, budget)
    try:
        with py7zr.SevenZipFile(archive, mode="r") as handle:
            entries = handle.list()
            _check_names(archive, [e.filename for e in entries], dest)
            declared = sum(e.uncompressed or 0 for e in entries if not e.is_directory)
            _check_declared(archive, declared, budget.limit)
            _check_disk(archive, dest, declared)
            for entry in entries:
                if entry.is_directory:
                    (dest / entry.filename).mkdir(parents=True, exist_ok=True)
            handle.extractall(dest, factory=factory)
    except _STREAM_ERRORS + (OSError,) as err:
        if isinstance(err, OSError) and err.errno is not None:
            raise  # the disk, not the archive
        raise SourceError(
            f"{archive}: not a complete 7z archive ({type(err).__name__}: {err}); {_again(archive)}"
        ) from None
    finally:
        for made in factory.files:
            made.handle.close()
    # An empty member is never written through the factory: create it.
    for entry in entries:
        target = dest / entry.filename
        if not entry.is_directory and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()


class _FixedTime7z(py7zr.SevenZipFile):
    """A 7z writer whose members carry a fixed timestamp, so equal content gives equal bytes."""

    @staticmethod
    def _make_file_info(target: Path, arcname: str | None = None, dereference: bool = False):
        info = py7zr.SevenZipFile._make_file_info(target, arcname, dereference)
        fixed = py7zr.helpers.ArchiveTimestamp.from_datetime(315532800)  # 1980-01-01 UTC
        for key in ("creationtime", "lastwritetime", "lastaccesstime"):
            info[key] = fixed
        return info


def seven_zip_file(src: Path, dest: Path, arcname: str | None = None) -> None:
    """Write ``src`` as the only member of the 7z archive ``dest`` (LZMA2, preset 1).

    Deterministic: fixed timestamps and mode, unlike a plain ``py7zr`` write (MLE-bench's
    7z archives carry the file's times, so their bytes change on every run). Preset 1
    compresses about 6x faster than py7zr's default (preset 7) for a few % more bytes;
    every 7z reader reads it.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    src.chmod(0o644)
    with _FixedTime7z(dest, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 1}]) as archive:
        archive.write(src, arcname or src.name)


def seven_zip_folder(folder: Path, dest: Path, *, top_level: bool = True) -> None:
    """7z every file below ``folder`` (sorted; deterministic like :func:`seven_zip_file`),
    under ``<folder name>/`` when ``top_level``, else at the archive's root."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    root = folder.parent if top_level else folder
    with _FixedTime7z(dest, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 1}]) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                path.chmod(0o644)
                archive.write(path, path.relative_to(root).as_posix())
