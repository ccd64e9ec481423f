"""The checksum check on ``prepared``: the prepared files against a reference ``checksums.yaml``.

It is evaluated inside the ``prepared`` step, before anything is recorded (a separate
blocking check would run only after the partition was already marked materialized). On a
mismatch the step reports the failed check — each file with expected and actual md5, and
the raw data version the preparation came from — and then fails, so nothing downstream
runs and the UI's lineage leads from a wrong number to the file that changed.
"""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec

from mle_pipeline.prepare.checksums import ChecksumMismatchError
from mle_pipeline.prepare.run import Manifest

CHECK_NAME = "matches_reference_checksums"

checksum_check = AssetCheckSpec(
    name=CHECK_NAME,
    asset="prepared",
    blocking=True,
    description="Prepared files match the competition's checksums.yaml (MLE-bench's format); "
    "for offline sample data, checksums.sample.yaml.",
)


def passed_check(manifest: Manifest, reference) -> AssetCheckResult:
    compared = reference.is_file()
    return AssetCheckResult(
        check_name=CHECK_NAME,
        passed=True,
        description="all files match" if compared else "no reference checksums to compare",
        metadata={
            "reference": str(reference) if compared else "",
            "raw_data_version": manifest.upstream_version or "",
            "files_compared": len((manifest.checksums or {}).get("public", {}))
            + len((manifest.checksums or {}).get("private", {})),
        },
    )


def failed_check(error: ChecksumMismatchError) -> AssetCheckResult:
    return AssetCheckResult(
        check_name=CHECK_NAME,
        passed=False,
        severity=AssetCheckSeverity.ERROR,
        description=f"{len(error.mismatches)} file(s) differ from {error.source}",
        metadata={
            "reference": str(error.source),
            "raw_data_version": error.raw_version or "",
            "mismatches": [
                {"file": m.file, "expected": m.expected, "actual": m.actual}
                for m in error.mismatches
            ],
        },
    )
