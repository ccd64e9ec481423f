"""One job per split whose single run launches that split's backfill: one action in the UI.

Dagster's backfill dialog works on a job's whole partition set (all 82 competitions), so a
split's ids would be ticked by hand. Launching ``backfill_lite`` (Jobs → backfill_lite →
Launchpad → Launch Run) instead creates the same asset backfill ``mle-pipeline backfill
--split lite`` does: the split's implemented competitions, optionally an agent's runs and
reports, listed on the UI's backfills page and executed by the daemon.
"""

# No ``from __future__ import annotations``: Dagster reads the Config annotation at runtime.

from dagster import Config, MetadataValue, OpExecutionContext, Output, job, op

from mle_pipeline import backfill
from mle_pipeline.assets.partitions import add_seeds
from mle_pipeline.registry import load_split

SPLITS = ("lite", "medium", "high", "all")
SPLIT_TAG = "mle_pipeline/split"


class SplitBackfillConfig(Config):
    agent: str = ""  # empty: prepare only
    seeds: int = 3


def split_backfill_job(split: str):
    """The job ``backfill_<split>`` and its one op."""

    @op(name=f"launch_{split}_backfill", description=f"Launch the {split} split's backfill.")
    def launch_backfill(context: OpExecutionContext, config: SplitBackfillConfig) -> Output[str]:
        from mle_pipeline.agents.spec import get_agent

        if config.seeds < 1:
            raise ValueError(f"seeds must be at least 1, got {config.seeds}")
        agents = [get_agent(config.agent).name] if config.agent else []
        seeds = list(range(config.seeds))
        planned = backfill.plan(load_split(split), agents, seeds, split)
        if agents:
            add_seeds(context.instance, seeds)
        backfill_id = backfill.launch(None, planned, tags={SPLIT_TAG: split})
        context.log.info(
            f"backfill {backfill_id}: {planned.title}, {len(planned.competitions)} "
            f"competition(s); not implemented, left out: {', '.join(planned.left_out) or 'none'}"
        )
        return Output(
            backfill_id,
            metadata={
                "backfill": MetadataValue.url(f"/runs/b/{backfill_id}"),
                "title": planned.title,
                "competitions": len(planned.competitions),
                "left_out": MetadataValue.json(planned.left_out),
            },
        )

    @job(
        name=f"backfill_{split}",
        description=f"Launch one asset backfill of the {split} split's implemented "
        "competitions (raw + prepared; with config.agent, also that agent's runs and "
        "reports over config.seeds seeds). The daemon runs it.",
        tags={SPLIT_TAG: split},
    )
    def split_job() -> None:
        launch_backfill()

    return split_job


split_backfill_jobs = [split_backfill_job(s) for s in SPLITS]
