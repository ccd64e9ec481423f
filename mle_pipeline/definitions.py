"""The Dagster code location: every asset, check, job and schedule of mle_pipeline."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    AutomationConditionSensorDefinition,
    DefaultSensorStatus,
    Definitions,
    in_process_executor,
)

from mle_pipeline.agents.spec import all_agents
from mle_pipeline.assets.agent_runs import build_agent_run
from mle_pipeline.assets.code_versions import CODE_ASSETS
from mle_pipeline.assets.grading import build_graded_report
from mle_pipeline.assets.integrity import build_integrity_checks
from mle_pipeline.assets.kernels import reference_kernels
from mle_pipeline.assets.leaderboard import build_leaderboard
from mle_pipeline.assets.prepared import prepared
from mle_pipeline.assets.raw import raw
from mle_pipeline.assets.raw_sensor import raw_files_changed, record_raw_job
from mle_pipeline.assets.resources import PipelineSettings, settings_from_env
from mle_pipeline.assets.schedules import leaderboard_job, nightly_leaderboard
from mle_pipeline.assets.sensors import default_seeds
from mle_pipeline.assets.split_backfills import split_backfill_jobs


def build_assets(agents: list[str] | None = None) -> list:
    specs = all_agents()
    names = sorted(specs) if agents is None else agents
    per_agent = [
        a
        for n in names
        for a in (build_agent_run(specs[n]), build_graded_report(n), *build_integrity_checks(n))
    ]
    return [*CODE_ASSETS, raw, prepared, reference_kernels, *per_agent, build_leaderboard(names)]


# Evaluates the assets' automation conditions (new agent run -> its report -> leaderboard).
automation = AutomationConditionSensorDefinition(
    "automation",
    target=AssetSelection.all(),
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Grades new agent runs and rebuilds the leaderboard after new reports.",
)


def build_definitions(settings: PipelineSettings | None = None) -> Definitions:
    return Definitions(
        assets=build_assets(),
        jobs=[
            leaderboard_job,
            record_raw_job,
            *split_backfill_jobs,
        ],
        schedules=[nightly_leaderboard],
        sensors=[default_seeds, raw_files_changed, automation],
        resources={"settings": settings or settings_from_env()},
        # Each run is its own process (or container) already; its steps run one after
        # another anyway (raw -> prepared, agent_run -> graded_report), so a process per
        # step would only add seconds to every run.
        executor=in_process_executor,
    )


defs = build_definitions()
