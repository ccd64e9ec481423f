"""The reference checks on ``raw`` and ``prepared``: MLE-bench's checksums, and which side diverged.

Both are evaluated inside their asset's step, every time (reused data included), before
anything is recorded: a separate blocking check would run only after the partition was
already marked materialized. ``raw`` compares the download's zip md5 with the one
MLE-bench recorded; ``prepared`` compares each prepared file. On a mismatch the step
reports the failed check (expected and actual md5, the raw data version) and then fails,
so nothing downstream runs. With no reference the check fails with WARN severity (a
warning in its metadata, nothing blocked): visible, never a silent pass.
"""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.prepare.checksums import Outcome, Verdict

CHECK_NAME = "matches_reference_checksums"
DOWNLOAD_CHECK_NAME = "download_matches_mlebench"

checksum_check = AssetCheckSpec(
    name=CHECK_NAME,
    asset="prepared",
    blocking=True,
    partitions_def=competition_partitions,
    description="Prepared files match MLE-bench's checksums.yaml (real data) or the pinned "
    "checksums.sample.yaml (offline sample data); a mismatch is a fidelity bug.",
)

download_check = AssetCheckSpec(
    name=DOWNLOAD_CHECK_NAME,
    asset="raw",
    blocking=True,
    partitions_def=competition_partitions,
    description="The Kaggle download's zip md5 is the one MLE-bench recorded in checksums.yaml.",
)


def check_result(
    check_name: str, verdict: Verdict, partition: str, raw_version: str | None
) -> AssetCheckResult:
    """The check's result for one partition, from a comparison's verdict."""
    if verdict.failed:
        severity = AssetCheckSeverity.ERROR
    elif verdict.outcome == Outcome.NO_REFERENCE:
        severity = AssetCheckSeverity.WARN
    else:
        severity = None
    metadata = {
        "outcome": verdict.outcome.value,
        "partition": partition,
        "reference": str(verdict.reference.path) if verdict.reference else "",
        "reference_origin": verdict.reference.origin if verdict.reference else "",
        "raw_data_version": raw_version or "",
        "files_compared": verdict.compared,
    }
    if verdict.mismatches:
        metadata["mismatches"] = MetadataValue.json([m.as_dict() for m in verdict.mismatches])
    if verdict.warning:
        metadata["warning"] = verdict.warning
    return AssetCheckResult(
        check_name=check_name,
        passed=severity is None,
        severity=severity or AssetCheckSeverity.ERROR,
        description=verdict.message,
        metadata=metadata,
    )
