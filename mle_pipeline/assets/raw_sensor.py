"""Raw files changed on disk are recorded without anyone asking: ``raw_files_changed``.

It looks only at sizes and modification times (no hashing) of every prepared competition's
raw files and kept zip, and asks for a ``raw`` materialization of each partition whose files
changed: that run records the new data version and the changed files, and Dagster then shows
``prepared`` as Unsynced. Nothing downstream is run. Stopped by default (a data root with
many image competitions has millions of files to stat); turn it on in the UI.
"""

import hashlib
import json

from dagster import (
    AssetSelection,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    sensor,
)

from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.prepare.raw_changes import file_stat, tree_stats
from mle_pipeline.prepare.run import RAW_MANIFEST, Manifest, raw_changed_on_disk
from mle_pipeline.registry import all_competitions

record_raw_job = define_asset_job(
    "record_raw_changes",
    selection=AssetSelection.assets("raw"),
    partitions_def=competition_partitions,
    description="Materialize raw for a competition: records files changed on disk.",
)


def _fingerprint(settings: PipelineSettings, cid: str) -> str:
    """Identifies the state on disk, so one change is recorded once (the run key)."""
    layout = settings.layout
    zip_path = layout.download_zip(cid)
    state = {
        "files": tree_stats(layout.raw_dir(cid)),
        "zip": file_stat(zip_path) if zip_path.is_file() else None,
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


@sensor(
    name="raw_files_changed",
    job=record_raw_job,
    minimum_interval_seconds=300,
    default_status=DefaultSensorStatus.STOPPED,
    description="Materializes raw for competitions whose raw files changed size or "
    "modification time on disk, so their new data version (and stale downstream) shows.",
)
def raw_files_changed(
    context: SensorEvaluationContext, settings: PipelineSettings
) -> SensorResult | SkipReason:
    layout = settings.layout
    requests, other_source = [], []
    for cid in sorted(all_competitions()):
        manifest = Manifest.load(layout.competition_dir(cid) / RAW_MANIFEST)
        if manifest is None or not raw_changed_on_disk(layout, cid):
            continue
        if manifest.source != settings.source:
            # raw would fetch from this source instead: never let a sensor replace a download
            other_source.append(f"{cid} ({manifest.source})")
            continue
        requests.append(
            RunRequest(
                run_key=f"{cid}:{_fingerprint(settings, cid)}",
                partition_key=cid,
                tags={"mle_pipeline/trigger": "raw_files_changed"},
            )
        )
    if other_source:
        context.log.warning(
            f"raw files changed but recorded from another source than {settings.source!r}, "
            f"not rematerialized: {', '.join(other_source)}"
        )
    if not requests:
        return SkipReason(f"no raw files changed under {layout.root}")
    return SensorResult(run_requests=requests)
