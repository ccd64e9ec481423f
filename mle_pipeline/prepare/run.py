"""Raw download and preparation of one competition, resumable and atomic.

Each stage writes into a temporary folder, renames it into place, and only then writes
its manifest (``raw.manifest.json`` / ``prepared.manifest.json`` beside the folder). A
folder without a manifest, or whose manifest names other inputs, is never trusted: it is
rebuilt. A killed run therefore leaves nothing a later run would mistake for finished.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from mle_pipeline.atomic import (
    atomic_dir,
    combined_digest,
    exclusive_lock,
    file_digests,
    remove_stale_temporaries,
    tree_digests,
    write_json,
)
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.checksums import (
    ChecksumMismatchError,
    compare_checksums,
    compute_checksums,
    load_checksums,
)
from mle_pipeline.prepare.describe import write_description
from mle_pipeline.registry import Competition
from mle_pipeline.sources.archive import extract
from mle_pipeline.sources.base import RawSource
from mle_pipeline.timestamps import now_iso

log = logging.getLogger(__name__)

RAW_MANIFEST = "raw.manifest.json"
PREPARED_MANIFEST = "prepared.manifest.json"


@dataclass(frozen=True)
class Manifest:
    """What a finished stage produced, and from what."""

    competition_id: str
    stage: str
    data_version: str
    source: str
    sample_data: bool
    upstream_version: str | None
    files: dict[str, dict[str, str]]
    created_at: str
    reused: bool = False
    checksums: dict | None = None
    variant: str = "default"

    def save(self, path: Path) -> None:
        payload = asdict(self)
        payload.pop("reused")
        write_json(path, payload)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None


def _trusted(manifest: Manifest | None, folder: Path, verify: bool, **expect: object) -> bool:
    """A manifest is trusted if it exists, matches ``expect`` and (with verify) the files."""
    if manifest is None or not folder.is_dir():
        return False
    if any(getattr(manifest, key) != value for key, value in expect.items()):
        return False
    if verify:
        current = tree_digests(folder)
        if current != manifest.files:
            changed = sorted(
                name
                for name in set(current) | set(manifest.files)
                if current.get(name) != manifest.files.get(name)
            )
            log.warning("%s changed since it was recorded: %s", folder, changed[:5])
            return False
    return True


LOCK_NAME = ".lock"


def ensure_raw(
    competition: Competition, layout: DataLayout, source: RawSource, *, verify: bool = False
) -> Manifest:
    """Download (if needed) and extract a competition's raw data; returns its manifest.

    Holds the competition's lock: a second process preparing the same competition waits,
    then finds the finished manifest and reuses it.
    """
    competition.require_implemented()
    comp_dir = layout.competition_dir(competition.id)
    with exclusive_lock(comp_dir / LOCK_NAME):
        return _ensure_raw(competition, layout, source, verify)


def _ensure_raw(
    competition: Competition, layout: DataLayout, source: RawSource, verify: bool
) -> Manifest:
    comp_dir = layout.competition_dir(competition.id)
    remove_stale_temporaries(comp_dir)
    manifest_path = comp_dir / RAW_MANIFEST
    raw_dir = layout.raw_dir(competition.id)
    existing = Manifest.load(manifest_path)
    if _trusted(existing, raw_dir, verify, source=source.name):
        return _reused(existing)

    manifest_path.unlink(missing_ok=True)
    zip_path = layout.download_zip(competition.id)
    if existing is not None and existing.source != source.name:
        zip_path.unlink(missing_ok=True)  # never mix one source's download with another's
    if not zip_path.is_file():
        log.info("fetching %s from %s", competition.id, source.name)
        source.fetch(competition, zip_path)
    zip_digest = file_digests(zip_path)
    with atomic_dir(raw_dir) as tmp:
        extract(zip_path, tmp)
    files = tree_digests(raw_dir)
    manifest = Manifest(
        competition_id=competition.id,
        stage="raw",
        data_version=combined_digest({"download.zip": zip_digest, **files}),
        source=source.name,
        sample_data=source.is_sample,
        upstream_version=None,
        files=files,
        created_at=now_iso(),
        checksums={"zip": zip_digest["md5"]},
    )
    manifest.save(manifest_path)
    return manifest


def ensure_prepared(
    competition: Competition,
    layout: DataLayout,
    raw: Manifest,
    *,
    verify: bool = False,
    keep_raw: bool = True,
    checksums_path: Path | None = None,
) -> Manifest:
    """Split raw data into public/private (if not already done from this raw version)."""
    with exclusive_lock(layout.competition_dir(competition.id) / LOCK_NAME):
        return _ensure_prepared(competition, layout, raw, verify, keep_raw, checksums_path)


def _ensure_prepared(
    competition: Competition,
    layout: DataLayout,
    raw: Manifest,
    verify: bool,
    keep_raw: bool,
    checksums_path: Path | None,
) -> Manifest:
    comp_dir = layout.competition_dir(competition.id)
    remove_stale_temporaries(comp_dir)
    manifest_path = comp_dir / PREPARED_MANIFEST
    prepared_dir = layout.prepared_dir(competition.id)
    existing = Manifest.load(manifest_path)
    variant = competition.prepare_variant
    if _trusted(existing, prepared_dir, verify, upstream_version=raw.data_version, variant=variant):
        return _reused(existing)

    manifest_path.unlink(missing_ok=True)
    raw_dir = layout.raw_dir(competition.id)
    if not raw_dir.is_dir():
        raise FileNotFoundError(
            f"{raw_dir} is missing (removed with --no-keep-raw?); materialize raw again"
        )
    expected_path = checksums_path or competition.checksums_path(raw.sample_data)
    with atomic_dir(prepared_dir) as tmp:
        public, private = tmp / "public", tmp / "private"
        public.mkdir()
        private.mkdir()
        log.info("preparing %s", competition.id)
        competition.prepare_fn(raw=raw_dir, public=public, private=private)
        write_description(competition, public / "description.md", sample_data=raw.sample_data)
        actual = compute_checksums(tmp, (raw.checksums or {}).get("zip"))
        if expected_path.is_file():
            mismatches = compare_checksums(load_checksums(expected_path), actual)
            if mismatches:
                raise ChecksumMismatchError(expected_path, mismatches, raw.data_version)
        files = tree_digests(tmp)
    manifest = Manifest(
        competition_id=competition.id,
        stage="prepared",
        data_version=combined_digest(files),
        source=raw.source,
        sample_data=raw.sample_data,
        upstream_version=raw.data_version,
        files=files,
        created_at=now_iso(),
        checksums=actual,
        variant=variant,
    )
    manifest.save(manifest_path)
    if not keep_raw:
        shutil.rmtree(raw_dir, ignore_errors=True)
    return manifest


def _reused(manifest: Manifest) -> Manifest:
    return Manifest(**{**asdict(manifest), "reused": True})
