"""Checksums in MLE-bench's ``checksums.yaml`` format, where they are found, and the verdict.

MLE-bench covers only csv/json/jsonl/parquet/bson files directly under public/ and
private/, plus the download zip; ``{"zip": md5, "public": {file: md5}, "private": {...}}``.

A comparison says which side diverged: the download (its zip md5 is not the one MLE-bench
recorded), our preparation of MLE-bench's download (a fidelity bug in mle_pipeline), or,
for offline sample data, the pinned ``checksums.sample.yaml`` (the generator or the
preparation changed). With no reference at all it says so, as a warning, never a pass.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import yaml

from mle_pipeline.atomic import file_digests, write_text
from mle_pipeline.prepare.variants import MLEBENCH_VARIANTS
from mle_pipeline.registry import Competition, UnknownCompetitionError, get_competition

CHECKED_SUFFIXES = (".csv", ".json", ".jsonl", ".parquet", ".bson")
CHECKSUMS_ENV = "MLE_PIPELINE_CHECKSUMS"
# Under the data root: where `mle-pipeline checksums --update` writes, never the package.
USER_CHECKSUMS_DIR = "checksums"
PIN_COMMAND = "python -m mle_pipeline.prepare.sample_pins"
# A competition's config option naming prepared files (space-separated ``public/<name>``)
# whose md5 in MLE-bench's checksums.yaml cannot be reproduced, not even by MLE-bench.
NOT_REPRODUCIBLE_OPTION = "checksums_not_reproducible"


def reference_name(sample_data: bool) -> str:
    return "checksums.sample.yaml" if sample_data else "checksums.yaml"


@dataclass(frozen=True)
class Reference:
    """A reference checksums file and where it came from."""

    path: Path
    origin: str  # "mle-bench", "sample pin", "$MLE_PIPELINE_CHECKSUMS" or "user folder"

    def load(self) -> dict:
        return load_checksums(self.path)


def origin_label(origin: str) -> str:
    """How a reference's origin reads in a sentence: "match <label>"."""
    return {
        "mle-bench": "MLE-bench's checksums",
        "sample pin": "the pinned offline sample checksums",
        "user folder": "your checksums in the data root",
    }.get(origin, f"the checksums in {origin}")


def user_checksums_path(competition_id: str, data_root: Path, sample_data: bool) -> Path:
    """Where ``checksums --update`` writes: the override folder if set, else the data root's."""
    override = os.environ.get(CHECKSUMS_ENV)
    base = Path(override).expanduser() if override else data_root / USER_CHECKSUMS_DIR
    return base / competition_id / reference_name(sample_data)


def find_reference(
    competition: Competition, data_root: Path, sample_data: bool
) -> Reference | None:
    """The first reference found: ``$MLE_PIPELINE_CHECKSUMS`` (a folder of ``<id>/`` or an
    MLE-bench checkout), then ``<data root>/checksums/<id>/``, then the competition's folder
    (MLE-bench's ``checksums.yaml``, or our pinned ``checksums.sample.yaml``)."""
    name = reference_name(sample_data)
    candidates: list[tuple[Path, str]] = []
    override = os.environ.get(CHECKSUMS_ENV)
    if override:
        base = Path(override).expanduser()
        candidates += [
            (base / competition.id / name, f"${CHECKSUMS_ENV}"),
            (base / "mlebench" / "competitions" / competition.id / name, f"${CHECKSUMS_ENV}"),
        ]
    candidates.append((data_root / USER_CHECKSUMS_DIR / competition.id / name, "user folder"))
    candidates.append((competition.folder / name, "sample pin" if sample_data else "mle-bench"))
    for path, origin in candidates:
        if path.is_file():
            return Reference(path, origin)
    return None


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

    def as_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "expected": self.expected, "actual": self.actual}


class Outcome(StrEnum):
    MATCH = "match"
    DOWNLOAD_MISMATCH = "download mismatch"
    PREPARATION_MISMATCH = "preparation mismatch"
    SAMPLE_MISMATCH = "sample data mismatch"
    RAW_EDITED = "raw files edited"
    NO_REFERENCE = "no reference"
    SYNTHETIC_DOWNLOAD = "synthetic download"


FAILURES = (
    Outcome.DOWNLOAD_MISMATCH,
    Outcome.PREPARATION_MISMATCH,
    Outcome.SAMPLE_MISMATCH,
    Outcome.RAW_EDITED,
)


@dataclass(frozen=True)
class Verdict:
    """The result of comparing a download or a preparation with its reference."""

    outcome: Outcome
    message: str
    reference: Reference | None = None
    mismatches: tuple[Mismatch, ...] = ()
    compared: int = 0

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES

    @property
    def warning(self) -> str | None:
        """Set when nothing could be compared: shown, never passed over silently."""
        return self.message if self.outcome == Outcome.NO_REFERENCE else None


class ChecksumMismatchError(ValueError):
    """A download or preparation differs from its reference; nothing was recorded as good."""

    def __init__(self, verdict: Verdict, raw_version: str | None = None):
        self.verdict = verdict
        self.raw_version = raw_version
        super().__init__(
            f"{verdict.message}\nraw data version: {raw_version or 'unknown'}; "
            "see README 'When a checksum does not match'"
        )

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        return self.verdict.mismatches


def _listing(mismatches: tuple[Mismatch, ...]) -> str:
    return "".join(f"\n  {m}" for m in mismatches)


def _no_reference(competition_id: str, what: str, sample_data: bool) -> Verdict:
    return Verdict(
        Outcome.NO_REFERENCE,
        f"no reference checksums for {competition_id}: {what} NOT compared (no "
        f"{reference_name(sample_data)} in ${CHECKSUMS_ENV}, the data root's "
        f"{USER_CHECKSUMS_DIR}/ or the competition's folder)",
    )


def verify_download(
    competition_id: str, reference: Reference | None, zip_md5: str | None, sample_data: bool
) -> Verdict:
    """The download's zip md5 against the one MLE-bench recorded."""
    if sample_data:
        return Verdict(
            Outcome.SYNTHETIC_DOWNLOAD,
            "offline sample data: a synthetic download, to which MLE-bench's zip md5 does "
            f"not apply; its prepared files are compared with {reference_name(True)}",
        )
    expected = reference.load().get("zip") if reference else None
    if reference is None or expected is None or zip_md5 is None:
        return _no_reference(competition_id, "the download was", sample_data)
    if expected != zip_md5:
        return Verdict(
            Outcome.DOWNLOAD_MISMATCH,
            f"{competition_id}: the download is not the one MLE-bench used (zip md5 expected "
            f"{expected}, got {zip_md5}; reference {reference.path}). Kaggle may have changed "
            "the data, or the mirror holds another file: nothing was prepared from it",
            reference,
            (Mismatch("zip", expected, zip_md5),),
            1,
        )
    return Verdict(
        Outcome.MATCH,
        f"the download is the one MLE-bench used (zip md5 {zip_md5})",
        reference,
        compared=1,
    )


def verify_prepared(
    competition_id: str,
    reference: Reference | None,
    actual: dict,
    sample_data: bool,
    variant: str = "default",
) -> Verdict:
    """Prepared files' md5s (``actual``, with the download's ``zip``) against the reference."""
    if reference is None:
        return _no_reference(competition_id, "the prepared files were", sample_data)
    if variant not in MLEBENCH_VARIANTS:
        return Verdict(
            Outcome.NO_REFERENCE,
            f"{competition_id}: preparation variant {variant!r} differs from MLE-bench's on "
            f"purpose, so {reference.path} does not apply: the prepared files were NOT compared",
            reference,
        )
    expected = reference.load()
    skipped = () if sample_data else not_reproducible(competition_id)
    if skipped:
        expected, actual = _without(expected, skipped), _without(actual, skipped)
    compared = sum(len(expected.get(side) or {}) for side in ("public", "private"))
    zip_wanted, zip_got = expected.get("zip"), actual.get("zip")
    if not sample_data and zip_wanted and zip_got and zip_wanted != zip_got:
        download = verify_download(competition_id, reference, zip_got, sample_data)
        return Verdict(
            Outcome.DOWNLOAD_MISMATCH,
            download.message,
            reference,
            download.mismatches + tuple(compare_files(expected, actual)),
            compared,
        )
    mismatches = tuple(compare_files(expected, actual))
    if not mismatches:
        unchecked = (
            f"; not compared, as their md5 in it cannot be reproduced (see the competition's "
            f"known_issues): {', '.join(skipped)}"
            if skipped
            else ""
        )
        return Verdict(
            Outcome.MATCH,
            f"all {compared} prepared files match {origin_label(reference.origin)} "
            f"({reference.path}){unchecked}",
            reference,
            compared=compared,
        )
    if sample_data:
        return Verdict(
            Outcome.SAMPLE_MISMATCH,
            f"{competition_id}: prepared offline sample data differs from the pinned "
            f"{reference.path} ({len(mismatches)} file(s)): the sample generator or the "
            f"preparation changed; if that is intended, regenerate the pins with "
            f"`{PIN_COMMAND}`{_listing(mismatches)}",
            reference,
            mismatches,
            compared,
        )
    return Verdict(
        Outcome.PREPARATION_MISMATCH,
        f"{competition_id}: our preparation of MLE-bench's download differs from MLE-bench's: "
        f"a fidelity bug in mle_pipeline ({len(mismatches)} file(s) differ from "
        f"{reference.path}; file: expected md5, actual md5){_listing(mismatches)}",
        reference,
        mismatches,
        compared,
    )


def not_reproducible(competition_id: str) -> tuple[str, ...]:
    """The ``side/name`` files whose MLE-bench md5 the competition's config sets aside."""
    try:
        options = get_competition(competition_id).options
    except UnknownCompetitionError:
        return ()
    return tuple(str(options.get(NOT_REPRODUCIBLE_OPTION, "")).split())


def _without(checksums: dict, files: tuple[str, ...]) -> dict:
    kept = dict(checksums)
    for side in ("public", "private"):
        names = kept.get(side) or {}
        kept[side] = {n: md5 for n, md5 in names.items() if f"{side}/{n}" not in files}
    return kept


def raw_edits(zip_path: Path, raw_dir: Path) -> list[str]:
    """Files of ``raw_dir`` that are not the download's members as extracted (size, CRC-32),
    or are missing from it or added to it. Empty when the zip is not kept. It reads every
    raw file, so it is only asked once preparation already differs from the reference."""
    if not zip_path.is_file() or not raw_dir.is_dir():
        return []
    with zipfile.ZipFile(zip_path) as archive:
        members = {i.filename: i for i in archive.infolist() if not i.is_dir()}
    on_disk = {p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*") if p.is_file()}
    edited = sorted(on_disk ^ set(members))
    for name in sorted(on_disk & set(members)):
        path, member = raw_dir / name, members[name]
        if path.stat().st_size != member.file_size or _crc32(path) != member.CRC:
            edited.append(name)
    return sorted(edited)


def _crc32(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def blame_raw_edits(verdict: Verdict, edited: list[str], raw_dir: Path) -> Verdict:
    """A preparation mismatch explained by raw files edited on disk after extraction."""
    if not edited or verdict.outcome not in (
        Outcome.PREPARATION_MISMATCH,
        Outcome.SAMPLE_MISMATCH,
    ):
        return verdict
    shown = ", ".join(edited[:5]) + (f" and {len(edited) - 5} more" if len(edited) > 5 else "")
    reference = verdict.reference.path if verdict.reference else "the reference"
    return replace(
        verdict,
        outcome=Outcome.RAW_EDITED,
        message=(
            f"the raw files differ from the download they were extracted from (changed on "
            f"disk: {shown}), so the files prepared from them differ from {reference}; "
            f"neither the download nor the preparation is at fault. To prepare the download's "
            f"own files again, delete {raw_dir} and prepare again"
            f"{_listing(verdict.mismatches)}"
        ),
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


def write_checksums(path: Path, checksums: dict, header: str = "") -> None:
    body = yaml.safe_dump(checksums, default_flow_style=False, sort_keys=True)
    write_text(path, header + body)


def compare_files(expected: dict, actual: dict) -> list[Mismatch]:
    """Every public/private file whose md5 differs, including files on only one side."""
    mismatches = []
    for side in ("public", "private"):
        want, have = expected.get(side) or {}, actual.get(side) or {}
        for name in sorted(set(want) | set(have)):
            if want.get(name) != have.get(name):
                mismatches.append(Mismatch(f"{side}/{name}", want.get(name), have.get(name)))
    return mismatches
