"""Jobs per split (a one-click backfill of "lite") and the nightly leaderboard rebuild."""

import os

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    ScheduleDefinition,
    define_asset_job,
)

from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.registry import load_split

LEADERBOARD_CRON_ENV = "MLE_PIPELINE_LEADERBOARD_CRON"

leaderboard_job = define_asset_job(
    "rebuild_leaderboard", selection=AssetSelection.assets("leaderboard")
)


def prepare_split_job(split: str):
    """Materialize raw + prepared for a split's competitions (backfill it from the UI)."""
    return define_asset_job(
        f"prepare_{split}",
        selection=AssetSelection.assets("raw", "prepared"),
        partitions_def=competition_partitions,
        description=f"Prepare the {split} split: {len(load_split(split))} competitions. "
        "Launch a backfill over this job's partitions for the split's ids.",
        tags={"mle_pipeline/split": split},
    )


nightly_leaderboard = ScheduleDefinition(
    name="nightly_leaderboard",
    job=leaderboard_job,
    cron_schedule=os.environ.get(LEADERBOARD_CRON_ENV, "0 3 * * *"),
    default_status=DefaultScheduleStatus.RUNNING,
    description="Rebuild the leaderboard from every graded report on record.",
)
