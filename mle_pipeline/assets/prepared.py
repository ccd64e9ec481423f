"""``prepared``: MLE-bench's public/private split of the raw data, checksummed.

Checksums are verified inside the asset on every materialization (reused data included),
before it is recorded: a mismatch fails the step, so nothing downstream runs on data that
is not the expected one (see ``checks.py``).
"""

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

from mle_pipeline.assets.checks import CHECK_NAME, check_result, checksum_check
from mle_pipeline.assets.code_versions import PREPARE_CODE
from mle_pipeline.assets.metadata import (
    competition_metadata,
    data_label,
    digests_table,
    tables_summary,
)
from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.prepare.checksums import ChecksumMismatchError, find_reference, verify_prepared
from mle_pipeline.prepare.run import RAW_MANIFEST, Manifest, ensure_prepared
from mle_pipeline.registry import get_competition


@asset(
    key="prepared",
    deps=["raw", PREPARE_CODE],
    partitions_def=competition_partitions,
    check_specs=[checksum_check],
    group_name="prepare",
    kinds={"python", "pandas", "file"},
    owners=["team:ml-infra"],
    backfill_policy=BackfillPolicy.multi_run(1),
    tags={"mle_pipeline/stage": "prepare"},
    description="Public files for agents and private answers for grading, split as MLE-bench does.",
)
def prepared(
    context: AssetExecutionContext, settings: PipelineSettings
) -> Iterator[MaterializeResult | AssetCheckResult]:
    competition = get_competition(context.partition_key)
    layout = settings.layout
    raw = Manifest.load(layout.competition_dir(competition.id) / RAW_MANIFEST)
    if raw is None:
        raise FileNotFoundError(
            f"{layout.competition_dir(competition.id) / RAW_MANIFEST} is missing: "
            f"materialize raw for {competition.id} first"
        )
    try:
        manifest = ensure_prepared(
            competition, layout, raw, verify=settings.verify, keep_raw=settings.keep_raw
        )
    except ChecksumMismatchError as error:
        yield check_result(CHECK_NAME, error.verdict, competition.id, error.raw_version)
        raise
    reference = find_reference(competition, layout.root, manifest.sample_data)
    verdict = verify_prepared(
        competition.id, reference, manifest.checksums or {}, manifest.sample_data, manifest.variant
    )
    if verdict.warning:
        context.log.warning(verdict.warning)
    context.log.info(
        f"{competition.id}: prepared data {'reused' if manifest.reused else 'written'} "
        f"({len(manifest.files)} files, {data_label(manifest.sample_data)})"
    )
    yield MaterializeResult(
        data_version=DataVersion(manifest.data_version),
        check_results=[
            check_result(CHECK_NAME, verdict, competition.id, manifest.upstream_version)
        ],
        metadata={
            **competition_metadata(competition),
            "data": data_label(manifest.sample_data),
            "source": manifest.source,
            "reused": manifest.reused,
            "preparation_variant": manifest.variant,
            "raw_data_version": manifest.upstream_version or "",
            "checksums": MetadataValue.json(manifest.checksums or {}),
            "tables": MetadataValue.md(tables_summary(layout.prepared_dir(competition.id))),
            "files": MetadataValue.md(digests_table(manifest.files)),
            "path": MetadataValue.path(str(layout.prepared_dir(competition.id))),
        },
    )
