"""``raw``: the competition's Kaggle download, fetched from the configured source and extracted."""

from collections.abc import Iterator

from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    BackfillPolicy,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mle_pipeline.assets.checks import DOWNLOAD_CHECK_NAME, check_result, download_check
from mle_pipeline.assets.metadata import (
    changes_table,
    competition_metadata,
    digests_table,
    file_md5s,
)
from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.prepare.checksums import ChecksumMismatchError, find_reference, verify_download
from mle_pipeline.prepare.run import ensure_raw
from mle_pipeline.registry import get_competition


@asset(
    key="raw",
    partitions_def=competition_partitions,
    check_specs=[download_check],
    group_name="prepare",
    kinds={"python", "file"},
    owners=["team:ml-infra"],
    pool="raw_download",
    backfill_policy=BackfillPolicy.multi_run(1),
    tags={"mle_pipeline/stage": "download"},
    description="Kaggle download of one competition (zip kept, extracted into <root>/<id>/raw).",
)
def raw(
    context: AssetExecutionContext, settings: PipelineSettings
) -> Iterator[MaterializeResult | AssetCheckResult]:
    competition = get_competition(context.partition_key)
    source = settings.raw_source()
    try:
        manifest = ensure_raw(competition, settings.layout, source, verify=settings.verify)
    except ChecksumMismatchError as error:
        yield check_result(DOWNLOAD_CHECK_NAME, error.verdict, competition.id, error.raw_version)
        raise
    state = "reused" if manifest.reused else "changed" if manifest.changes else "downloaded"
    verdict = verify_download(
        competition.id,
        find_reference(competition, settings.layout.root, manifest.sample_data),
        (manifest.checksums or {}).get("zip"),
        manifest.sample_data,
    )
    context.log.info(
        f"{competition.id}: raw data {state} from {manifest.source} ({len(manifest.files)} files)"
    )
    if manifest.changes:
        context.log.warning(
            f"{competition.id}: {len(manifest.changes)} raw file(s) differ from the previous "
            f"recording ({', '.join(c.file for c in manifest.changes[:5])}); new data version "
            f"{manifest.data_version[:12]}, everything downstream is now stale"
        )
    yield MaterializeResult(
        data_version=DataVersion(manifest.data_version),
        check_results=[
            check_result(DOWNLOAD_CHECK_NAME, verdict, competition.id, manifest.data_version)
        ],
        metadata={
            **competition_metadata(competition),
            "source": manifest.source,
            "sample_data": manifest.sample_data,
            "reused": manifest.reused,
            "zip_md5": (manifest.checksums or {}).get("zip", ""),
            "file_count": len(manifest.files),
            "files": MetadataValue.md(digests_table(manifest.files)),
            "previous_data_version": manifest.previous_version or "",
            "changed_file_count": len(manifest.changes),
            "changed_files": changes_table(manifest.changes),
            **file_md5s(manifest.files),
            "path": MetadataValue.path(str(settings.layout.raw_dir(competition.id))),
        },
    )
