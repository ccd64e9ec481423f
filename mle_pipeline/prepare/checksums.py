"""Checksums in MLE-bench's ``checksums.yaml`` format, and their comparison.

MLE-bench covers only csv/json/jsonl/parquet/bson files directly under public/ and
private/, plus the download zip; ``{"zip": md5, "public": {file: md5}, "private": {...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from mle_pipeline.atomic import file_digests, write_text

CHECKED_SUFFIXES = (".csv", ".json", ".jsonl", ".parquet", ".bson")


@dataclass(frozen=True)
class Mismatch:
    """One file whose md5 differs from (or is missing in) the expected checksums."""

    file: str
    expected: str | None
    actual: str | None

    def __str__(self) -> str:
        return (
            f"{self.file}: expected {self.expected or '(absent)'}, got {self.actual or '(absent)'}"
        )


class ChecksumMismatchError(ValueError):
    """Prepared files differ from the reference checksums; nothing was recorded as good."""

    def __init__(self, source: Path, mismatches: list[Mismatch], raw_version: str | None = None):
        self.source = source
        self.mismatches = mismatches
        self.raw_version = raw_version
        listing = "\n  ".join(map(str, mismatches))
        super().__init__(
            f"prepared files differ from {source} ({len(mismatches)} file(s)):\n  {listing}\n"
            f"raw data version: {raw_version or 'unknown'}; compare the raw asset's file "
            "hashes with the download you expect, then `mle-pipeline prepare --force`"
        )


def folder_md5s(folder: Path) -> dict[str, str]:
    return {
        path.name: file_digests(path)["md5"]
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in CHECKED_SUFFIXES
    }


def compute_checksums(prepared: Path, zip_md5: str | None) -> dict:
    checksums: dict = {
        "private": folder_md5s(prepared / "private"),
        "public": folder_md5s(prepared / "public"),
    }
    if zip_md5 is not None:
        checksums["zip"] = zip_md5
    return checksums


def load_checksums(path: Path) -> dict:
    try:
        loaded = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(loaded, dict) or not {"public", "private"} <= set(loaded):
        raise ValueError(f"{path}: expected MLE-bench's format with 'public' and 'private' keys")
    return loaded


def write_checksums(path: Path, checksums: dict) -> None:
    write_text(path, yaml.safe_dump(checksums, default_flow_style=False, sort_keys=True))


def compare_checksums(expected: dict, actual: dict) -> list[Mismatch]:
    """Every file whose md5 differs, including files present on only one side."""
    mismatches = []
    if "zip" in expected and "zip" in actual and expected["zip"] != actual["zip"]:
        mismatches.append(Mismatch("zip", expected["zip"], actual["zip"]))
    for side in ("public", "private"):
        want, have = expected.get(side) or {}, actual.get(side) or {}
        for name in sorted(set(want) | set(have)):
            if want.get(name) != have.get(name):
                mismatches.append(Mismatch(f"{side}/{name}", want.get(name), have.get(name)))
    return mismatches
