"""``<agent>/agent_run``: one declared agent on one competition and seed, in its workspace.

One branch of assets per declared agent (multi-partitions have only two dimensions, so
the agent cannot be a third). A crash or a timeout is recorded, not raised: the run still
gets a graded report (``submission_exists: false`` or the last submission written). An
agent that cannot start (``AgentStartError``) fails the step: no report, none replaced.
"""

import json

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    MultiToSingleDimensionPartitionMapping,
    asset,
)

from mle_pipeline.agents.run import run_agent
from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.assets.metadata import data_label
from mle_pipeline.assets.partitions import competition_seed_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.registry import get_competition

PREPARED_DEP = AssetDep(
    "prepared",
    partition_mapping=MultiToSingleDimensionPartitionMapping(
        partition_dimension_name="competition"
    ),
)


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def agent_run_key(agent: str) -> AssetKey:
    return AssetKey([agent, "agent_run"])


def build_agent_run(spec: AgentSpec) -> AssetsDefinition:
    @asset(
        key=agent_run_key(spec.name),
        deps=[PREPARED_DEP],
        partitions_def=competition_seed_partitions,
        group_name="agents",
        kinds={"python", "docker" if spec.image else "python"},
        owners=["team:ml-infra"],
        pool="gpu_agent_run" if spec.uses_gpu else "agent_run",
        code_version=spec.code_version,
        tags={"mle_pipeline/stage": "agent_run", "mle_pipeline/agent": spec.name},
        description=f"Agent '{spec.name}': {spec.description or 'declared in ' + str(spec.source)}",
    )
    def _agent_run(context: AssetExecutionContext, settings: PipelineSettings) -> MaterializeResult:
        keys = context.partition_key.keys_by_dimension
        competition = get_competition(keys["competition"])
        competition.require_implemented()
        outcome = run_agent(
            context,
            spec,
            settings.agent_runner(),
            settings.layout,
            competition.id,
            int(keys["seed"]),
            time_limit=settings.time_limit_seconds,
            task_text=settings.task_text(competition.id),
        )
        if outcome.timed_out or outcome.exit_code != 0 or not outcome.submission_exists:
            # A clean run is told by its metadata alone: every log line is an event write.
            status = "timed out" if outcome.timed_out else f"exited {outcome.exit_code}"
            written = "written" if outcome.submission_exists else "missing"
            context.log.warning(
                f"{spec.name} on {competition.id} seed {outcome.seed}: {status} after "
                f"{outcome.wall_seconds:.1f}s; submission {written}"
            )
        run_dir = settings.layout.run_dir(spec.name, competition.id, outcome.seed)
        return MaterializeResult(
            metadata={
                "data": data_label(outcome.sample_data),
                "runner": outcome.runner,
                "exit_code": outcome.exit_code if outcome.exit_code is not None else -1,
                "timed_out": outcome.timed_out,
                "kill_reason": outcome.kill_reason or "",
                "wall_seconds": outcome.wall_seconds,
                "time_limit_seconds": outcome.time_limit_seconds,
                "submission_exists": outcome.submission_exists,
                "description": outcome.description or "",
                "description_sha256": outcome.description_sha256 or "",
                "run_dir": MetadataValue.path(str(run_dir)),
                "agent_log": MetadataValue.path(str(run_dir / "agent.log")),
                **{f"agent/{k}": _text(v) for k, v in outcome.reported_metadata.items()},
            },
        )

    return _agent_run
