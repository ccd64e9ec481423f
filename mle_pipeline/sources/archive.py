"""Zip and 7z handling: deterministic zipping, integrity checks, extraction."""

from __future__ import annotations

import zipfile
from pathlib import Path

import py7zr

from mle_pipeline.sources.base import SourceError

# A fixed timestamp makes zips of identical content byte-identical.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_folder(folder: Path, dest: Path, *, compression: int = zipfile.ZIP_DEFLATED) -> None:
    """Zip every file below ``folder`` (sorted, fixed timestamps) into ``dest``."""
    with zipfile.ZipFile(dest, "w", compression=compression) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_EPOCH)
                info.compress_type = compression
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def check_zip(path: Path) -> None:
    """Raise SourceError unless ``path`` is a complete, readable zip archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise SourceError(
            f"{path}: not a complete zip archive ({err}); it is probably truncated — "
            "delete it and download again"
        ) from err
    if bad is not None:
        raise SourceError(f"{path}: member {bad!r} fails its CRC check; download it again")


def extract(archive: Path, dest: Path) -> None:
    """Extract a .zip or .7z archive into ``dest`` (refusing members that escape it)."""
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    if archive.suffix == ".zip":
        check_zip(archive)
        with zipfile.ZipFile(archive) as handle:
            for member in handle.namelist():
                if not (root / member).resolve().is_relative_to(root):
                    raise SourceError(f"{archive}: member {member!r} would escape {dest}")
            handle.extractall(dest)
    elif archive.suffix == ".7z":
        try:
            with py7zr.SevenZipFile(archive, mode="r") as handle:
                for member in handle.getnames():
                    if not (root / member).resolve().is_relative_to(root):
                        raise SourceError(f"{archive}: member {member!r} would escape {dest}")
                handle.extractall(dest)
        except py7zr.exceptions.Bad7zFile as err:
            raise SourceError(f"{archive}: not a complete 7z archive ({err})") from err
    else:
        raise SourceError(f"{archive}: unsupported archive type {archive.suffix!r}")
