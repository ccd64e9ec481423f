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
from dataclasses import asdict, dataclass, replace
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
    Verdict,
    blame_raw_edits,
    compute_checksums,
    find_reference,
    raw_edits,
    verify_download,
    verify_prepared,
)
from mle_pipeline.prepare.describe import write_description
from mle_pipeline.prepare.raw_changes import (
    FileChange,
    detect_changes,
    diff_files,
    file_stat,
    stat_changed,
    tree_stats,
)
from mle_pipeline.registry import Competition
from mle_pipeline.registry.code_versions import PREPARE, code_version
from mle_pipeline.sources.archive import extract
from mle_pipeline.sources.base import RawSource, SourceError
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
    # raw only: each file's (size, mtime_ns) and the download's, for cheap change detection
    stats: dict[str, list[int]] | None = None
    zip_digest: dict | None = None  # md5, sha256, size, mtime_ns of the download zip
    # prepared only: the prepare code's version (registry.code_versions) it was made by
    code_version: str | None = None
    # not saved: this materialization's changes against the previous manifest
    changes: tuple[FileChange, ...] = ()
    previous_version: str | None = None

    def save(self, path: Path) -> None:
        payload = asdict(self)
        for transient in ("reused", "changes", "previous_version"):
            payload.pop(transient)
        write_json(path, payload)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None


def preparation_provenance(layout: DataLayout, competition_id: str) -> dict:
    """``data_source``, ``sample_data`` and ``preparation_variant`` of a report graded on
    this preparation (from its manifest; empty when it has none)."""
    manifest = Manifest.load(layout.competition_dir(competition_id) / PREPARED_MANIFEST)
    if manifest is None:
        return {}
    return {
        "data_source": manifest.source,
        "sample_data": manifest.sample_data,
        "preparation_variant": manifest.variant,
    }


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
    then finds the finished manifest and reuses it. A real download whose zip md5 is not
    the one MLE-bench recorded raises ChecksumMismatchError (every time, reused or not).
    """
    competition.require_implemented()
    comp_dir = layout.competition_dir(competition.id)
    with exclusive_lock(comp_dir / LOCK_NAME):
        manifest = _ensure_raw(competition, layout, source, verify)
        _require_known_download(competition, layout, manifest)
        return manifest


def _require_known_download(competition: Competition, layout: DataLayout, raw: Manifest) -> None:
    """Refuse a download MLE-bench did not use; it is forgotten, so the next run fetches again."""
    reference = find_reference(competition, layout.root, raw.sample_data)
    zip_md5 = (raw.checksums or {}).get("zip")
    verdict = verify_download(competition.id, reference, zip_md5, raw.sample_data)
    if verdict.failed:
        (layout.competition_dir(competition.id) / RAW_MANIFEST).unlink(missing_ok=True)
        layout.download_zip(competition.id).unlink(missing_ok=True)
        raise ChecksumMismatchError(verdict, raw.data_version)


def _ensure_raw(
    competition: Competition, layout: DataLayout, source: RawSource, verify: bool
) -> Manifest:
    comp_dir = layout.competition_dir(competition.id)
    remove_stale_temporaries(comp_dir)
    manifest_path = comp_dir / RAW_MANIFEST
    raw_dir = layout.raw_dir(competition.id)
    zip_path = layout.download_zip(competition.id)
    existing = Manifest.load(manifest_path)
    if _trusted(existing, raw_dir, False, source=source.name) and _same_download(
        existing, zip_path, verify
    ):
        return _recheck_raw(existing, manifest_path, raw_dir, zip_path, verify)

    manifest_path.unlink(missing_ok=True)
    if existing is not None and existing.source != source.name:
        zip_path.unlink(missing_ok=True)  # never mix one source's download with another's
    if not zip_path.is_file():
        log.info("fetching %s from %s", competition.id, source.name)
        source.fetch(competition, zip_path)
    zip_digest = _zip_digest(zip_path)
    try:
        with atomic_dir(raw_dir) as tmp:
            extract(zip_path, tmp)
    except SourceError as err:
        # A download that fails validation must not poison later runs: drop it so the
        # next run (or --force) fetches again.
        zip_path.unlink(missing_ok=True)
        raise SourceError(
            f"{err} (the cached download was deleted; the next run fetches it again)"
        ) from None
    files = tree_digests(raw_dir)
    stats = tree_stats(raw_dir)
    manifest = Manifest(
        competition_id=competition.id,
        stage="raw",
        data_version=_raw_version(zip_digest, files),
        source=source.name,
        sample_data=source.is_sample,
        upstream_version=None,
        files=files,
        created_at=now_iso(),
        checksums={"zip": zip_digest["md5"]},
        stats=_as_lists(stats),
        zip_digest=zip_digest,
        changes=tuple(diff_files(existing.files, existing.stats, files, stats)) if existing else (),
        previous_version=existing.data_version if existing else None,
    )
    manifest.save(manifest_path)
    return manifest


def raw_changed_on_disk(layout: DataLayout, competition_id: str) -> list[str]:
    """Raw files (and the kept zip) whose size or modification time differ from the raw
    manifest's: cheap, no hashing. Empty when nothing is recorded or raw/ was removed."""
    manifest = Manifest.load(layout.competition_dir(competition_id) / RAW_MANIFEST)
    raw_dir = layout.raw_dir(competition_id)
    if manifest is None or not raw_dir.is_dir():
        return []
    changed = stat_changed(manifest.stats, raw_dir)
    zip_path = layout.download_zip(competition_id)
    recorded_zip = manifest.zip_digest
    if zip_path.is_file() and (
        recorded_zip is None
        or [recorded_zip["size"], recorded_zip["mtime_ns"]] != list(file_stat(zip_path))
    ):
        changed.append(zip_path.name)
    return changed


def _zip_digest(zip_path: Path) -> dict:
    size, mtime = file_stat(zip_path)
    return {**file_digests(zip_path), "size": size, "mtime_ns": mtime}


def _raw_version(zip_digest: dict | None, files: dict[str, dict[str, str]]) -> str:
    """The zip's and every extracted file's sha256 (the zip's when it is known)."""
    return combined_digest({"download.zip": zip_digest, **files} if zip_digest else files)


def _as_lists(stats: dict[str, tuple[int, int]]) -> dict[str, list[int]]:
    return {name: list(stat) for name, stat in stats.items()}


def _same_download(manifest: Manifest, zip_path: Path, verify: bool) -> bool:
    """False when the kept zip is no longer the one extracted (a new download replaced it).

    A zip removed since (to save space) is no reason to download again.
    """
    if not zip_path.is_file():
        return True
    recorded = manifest.zip_digest
    if recorded is None:
        return True  # recorded before zips were tracked; raw/ is still checked below
    if not verify and [recorded["size"], recorded["mtime_ns"]] == list(file_stat(zip_path)):
        return True
    return file_digests(zip_path)["md5"] == recorded["md5"]


def _recheck_raw(
    existing: Manifest, manifest_path: Path, raw_dir: Path, zip_path: Path, verify: bool
) -> Manifest:
    """Reuse ``existing``, or record the raw files as they are now if any changed on disk.

    A changed raw file is not silently restored from the zip: the new content gets a new
    data version (everything downstream is then stale) and the changes are reported.
    """
    changes, files, stats = detect_changes(existing.files, existing.stats, raw_dir, verify=verify)
    zip_digest = existing.zip_digest
    if zip_path.is_file():
        if zip_digest is None:
            zip_digest = _zip_digest(zip_path)  # recorded before zips were tracked
        elif [zip_digest["size"], zip_digest["mtime_ns"]] != list(file_stat(zip_path)):
            # same md5 (_same_download), only touched: record its stat so it is not rehashed
            size, mtime = file_stat(zip_path)
            zip_digest = {**zip_digest, "size": size, "mtime_ns": mtime}
    if not changes and existing.stats is not None and zip_digest == existing.zip_digest:
        return _reused(existing)
    if changes:
        log.warning(
            "%s: %d raw file(s) changed on disk since recorded: %s",
            existing.competition_id,
            len(changes),
            ", ".join(c.file for c in changes[:5]),
        )
    manifest = replace(
        existing,
        data_version=_raw_version(zip_digest, files) if changes else existing.data_version,
        files=files,
        stats=_as_lists(stats),
        zip_digest=zip_digest,
        created_at=now_iso() if changes else existing.created_at,
        changes=tuple(changes),
        previous_version=existing.data_version,
    )
    manifest.save(manifest_path)
    return manifest if changes else _reused(manifest)


def ensure_prepared(
    competition: Competition,
    layout: DataLayout,
    raw: Manifest,
    *,
    verify: bool = False,
    keep_raw: bool = True,
    check_reference: bool = True,
) -> Manifest:
    """Split raw data into public/private (if not already done from this raw version).

    The prepared files are compared with the reference checksums every time, reused or
    not; a mismatch raises ChecksumMismatchError, and a fresh preparation that differs is
    never moved into place.
    """
    with exclusive_lock(layout.competition_dir(competition.id) / LOCK_NAME):
        return _ensure_prepared(competition, layout, raw, verify, keep_raw, check_reference)


def _require_reference_match(
    competition: Competition, layout: DataLayout, raw: Manifest, checksums: dict, variant: str
) -> None:
    reference = find_reference(competition, layout.root, raw.sample_data)
    verdict = verify_prepared(competition.id, reference, checksums, raw.sample_data, variant)
    if verdict.failed:
        verdict = explain_mismatch(competition, layout, verdict)
        raise ChecksumMismatchError(verdict, raw.data_version)


def explain_mismatch(competition: Competition, layout: DataLayout, verdict: Verdict) -> Verdict:
    """Blame raw files edited on disk, when they are why the preparation differs."""
    raw_dir = layout.raw_dir(competition.id)
    edited = raw_edits(layout.download_zip(competition.id), raw_dir)
    return blame_raw_edits(verdict, edited, raw_dir)


def _ensure_prepared(
    competition: Competition,
    layout: DataLayout,
    raw: Manifest,
    verify: bool,
    keep_raw: bool,
    check_reference: bool,
) -> Manifest:
    comp_dir = layout.competition_dir(competition.id)
    remove_stale_temporaries(comp_dir)
    manifest_path = comp_dir / PREPARED_MANIFEST
    prepared_dir = layout.prepared_dir(competition.id)
    existing = Manifest.load(manifest_path)
    variant = competition.prepare_variant
    code = code_version(competition, PREPARE)
    if _trusted(
        existing, prepared_dir, verify, upstream_version=raw.data_version, variant=variant
    ) and existing.code_version in (None, code):
        if check_reference:
            _require_reference_match(competition, layout, raw, existing.checksums or {}, variant)
        if existing.code_version is None:  # prepared before manifests named their code
            existing = replace(existing, code_version=code)
            existing.save(manifest_path)
        return _reused(existing)

    manifest_path.unlink(missing_ok=True)
    raw_dir = layout.raw_dir(competition.id)
    if not raw_dir.is_dir():
        raise FileNotFoundError(
            f"{raw_dir} is missing (removed with --no-keep-raw?); materialize raw again"
        )
    with atomic_dir(prepared_dir) as tmp:
        public, private = tmp / "public", tmp / "private"
        public.mkdir()
        private.mkdir()
        log.info("preparing %s", competition.id)
        competition.prepare_fn(raw=raw_dir, public=public, private=private)
        write_description(competition, public / "description.md", sample_data=raw.sample_data)
        actual = compute_checksums(tmp, (raw.checksums or {}).get("zip"))
        if check_reference:
            _require_reference_match(competition, layout, raw, actual, variant)
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
        code_version=code,
    )
    manifest.save(manifest_path)
    if not keep_raw:
        shutil.rmtree(raw_dir, ignore_errors=True)
    return manifest


def _reused(manifest: Manifest) -> Manifest:
    return replace(manifest, reused=True)
