"""Asset checks: the prepared files against the competition's reference ``checksums.yaml``.

The asset itself refuses to record a mismatching preparation; this check shows the
comparison in the UI (each file with expected and actual md5, and the raw data version
the preparation came from), so lineage leads from a wrong number to the file that changed.
"""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, asset_check

from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.prepare.checksums import compare_checksums, load_checksums
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest
from mle_pipeline.registry import get_competition


@asset_check(
    asset="prepared",
    partitions_def=competition_partitions,
    blocking=True,
    description="Prepared files match the competition's checksums.yaml (MLE-bench format).",
)
def prepared_matches_checksums(
    context: AssetCheckExecutionContext, settings: PipelineSettings
) -> AssetCheckResult:
    competition = get_competition(context.partition_key)
    manifest = Manifest.load(settings.layout.competition_dir(competition.id) / PREPARED_MANIFEST)
    if manifest is None:
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.ERROR,
            description=f"no {PREPARED_MANIFEST}: the preparation did not finish",
        )
    reference = competition.checksums_path
    base = {"raw_data_version": manifest.upstream_version or "", "reference": str(reference)}
    if manifest.sample_data or not reference.is_file():
        why = "offline sample data" if manifest.sample_data else "no checksums.yaml for it"
        return AssetCheckResult(
            passed=True, description=f"nothing to compare ({why})", metadata=base
        )
    mismatches = compare_checksums(load_checksums(reference), manifest.checksums or {})
    return AssetCheckResult(
        passed=not mismatches,
        severity=AssetCheckSeverity.ERROR,
        description=f"{len(mismatches)} file(s) differ" if mismatches else "all files match",
        metadata={
            **base,
            "mismatches": [
                {"file": m.file, "expected": m.expected, "actual": m.actual} for m in mismatches
            ],
        },
    )
