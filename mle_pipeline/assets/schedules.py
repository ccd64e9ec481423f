"""The nightly leaderboard rebuild and its job."""

import os

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    ScheduleDefinition,
    define_asset_job,
)

LEADERBOARD_CRON_ENV = "MLE_PIPELINE_LEADERBOARD_CRON"

leaderboard_job = define_asset_job(
    "rebuild_leaderboard", selection=AssetSelection.assets("leaderboard")
)


nightly_leaderboard = ScheduleDefinition(
    name="nightly_leaderboard",
    job=leaderboard_job,
    cron_schedule=os.environ.get(LEADERBOARD_CRON_ENV, "0 3 * * *"),
    default_status=DefaultScheduleStatus.RUNNING,
    description="Rebuild the leaderboard from every graded report on record.",
)
