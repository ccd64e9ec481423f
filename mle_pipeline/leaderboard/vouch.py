"""The reports a leaderboard counts: those a ``graded_report`` materialization vouches for.

Every ``<agent>/graded_report`` materialization (a grading step, or ``import-reports``)
records the sha256 of the report file it wrote, as ``report_sha256`` metadata and as its
data version. A file ``<reports>/<agent>/<competition>/seed-<n>.json`` counts only if its
bytes hash to what the *latest* materialization of that agent's partition (competition,
n) recorded; an edited, planted or copied file is excluded and listed instead.

The records are read through the instance's public API, newest first, a page at a time:
the first materialization seen of a partition is its latest.
"""

from __future__ import annotations

from collections.abc import Iterable

from dagster import AssetKey, AssetRecordsFilter, DagsterInstance

from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import LeaderboardData, Warn, build, report_agents
from mle_pipeline.version_tags import DATA_VERSION_TAG

# Metadata key of the report file's sha256 on every graded_report materialization.
REPORT_SHA256 = "report_sha256"
PAGE = 1000


def graded_report_key(agent: str) -> AssetKey:
    return AssetKey([agent, "graded_report"])


def read_vouchers(
    instance: DagsterInstance, agents: Iterable[str]
) -> dict[tuple[str, str, int], str]:
    """(agent, competition id, seed) -> sha256 recorded by its latest materialization."""
    vouched: dict[tuple[str, str, int], str] = {}
    for agent in agents:
        seen: set[str] = set()
        cursor = None
        while True:
            page = instance.fetch_materializations(
                AssetRecordsFilter(asset_key=graded_report_key(agent)),
                limit=PAGE,
                cursor=cursor,
                ascending=False,
            )
            for record in page.records:
                partition = record.partition_key
                if partition is None or partition in seen:
                    continue
                seen.add(partition)
                tags = record.asset_materialization.tags or {}
                # Multi-partition keys join dimensions in name order: "<competition>|<seed>".
                competition, _, seed = partition.rpartition("|")
                if competition and seed.isdigit() and DATA_VERSION_TAG in tags:
                    vouched[(agent, competition, int(seed))] = tags[DATA_VERSION_TAG]
            if not page.has_more:
                break
            cursor = page.cursor
    return vouched


def build_vouched(
    instance: DagsterInstance,
    layout: DataLayout,
    *,
    warn: Warn | None = None,
    exclude_flagged: bool = False,
) -> LeaderboardData:
    """The leaderboard of ``layout`` counting only the reports ``instance`` vouches for:
    what the ``leaderboard`` asset, the nightly schedule and the CLI all publish."""
    vouched = read_vouchers(instance, report_agents(layout.reports_root))
    return build(
        layout.reports_root,
        vouched=vouched,
        data_root=layout.root,
        warn=warn,
        exclude_flagged=exclude_flagged,
    )
