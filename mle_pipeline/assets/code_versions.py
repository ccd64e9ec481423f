"""``prepare_code`` and ``grade_code``: each competition's code as Dagster data versions.

Observable source assets partitioned by competition. An observation records a partition's
data version (``registry.code_versions``) only when it differs from the last one recorded,
so the history in the UI shows when each competition's code changed, and ``prepared`` and
the graded reports downstream show as stale ("has a new dependency data version") exactly
for the competitions whose code changed. ``mle-pipeline run`` observes them first; the
UI's "Observe" button does the same.
"""

from __future__ import annotations

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetRecordsFilter,
    DagsterInstance,
    DataVersion,
    DataVersionsByPartition,
    SourceAsset,
    observable_source_asset,
)

from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.registry import all_competitions
from mle_pipeline.registry.code_versions import GRADE, PREPARE, code_version
from mle_pipeline.version_tags import DATA_VERSION_TAG

PREPARE_CODE, GRADE_CODE = AssetKey("prepare_code"), AssetKey("grade_code")


def recorded_code_version(instance: DagsterInstance, key: AssetKey, cid: str) -> str | None:
    """The data version of the competition's latest observation of ``key``."""
    records = instance.fetch_observations(
        AssetRecordsFilter(asset_key=key, asset_partitions=[cid]), limit=1
    ).records
    return (records[0].asset_observation.tags or {}).get(DATA_VERSION_TAG) if records else None


def _build(key: AssetKey, stage: str, description: str) -> SourceAsset:
    @observable_source_asset(
        key=key,
        partitions_def=competition_partitions,
        group_name="code",
        # The kind tag: what `kinds=` gives other assets (this decorator has no such argument).
        tags={"mle_pipeline/stage": stage, "dagster/kind/python": ""},
        description=description,
    )
    def _observe(context: AssetExecutionContext) -> DataVersionsByPartition:
        changed = {}
        for cid, competition in all_competitions().items():
            version = code_version(competition, stage)
            if recorded_code_version(context.instance, key, cid) != version:
                changed[cid] = DataVersion(version)
        if changed:
            context.log.info(f"{key.to_user_string()}: new version of {sorted(changed)}")
        return DataVersionsByPartition(changed)

    return _observe


prepare_code = _build(
    PREPARE_CODE,
    PREPARE,
    "Each competition's prepare.py and the config it reads (a hash): a new version makes "
    "its prepared data stale.",
)
grade_code = _build(
    GRADE_CODE,
    GRADE,
    "Each competition's grade.py and the config it reads (a hash): a new version makes its "
    "graded reports stale.",
)
CODE_ASSETS = (prepare_code, grade_code)
