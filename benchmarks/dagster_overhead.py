"""Dagster's cost per partition: materialize agent_run + graded_report for the dummy agent.

    python benchmarks/dagster_overhead.py [--split lite] [--seeds 3] [--postgres-url URL]
Prepares the split first (not timed), then materializes every (competition, seed) through
the same code path as `mle-pipeline run`, and subtracts the time spent in the agent process
and in grading (measured from run.json and by re-grading) from the wall time.
Target: overhead under 0.5 s per partition. Also prints runs per minute.
Dagster's storage is the embedded SQLite of a fresh instance, or with ``--postgres-url`` the
PostgreSQL a fleet uses (an empty database: the benchmark wipes it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit  # noqa: E402
from dagster import instance_for_test  # noqa: E402

from mle_pipeline.agents.outcome import RunOutcome  # noqa: E402
from mle_pipeline.assets.resources import PipelineSettings  # noqa: E402
from mle_pipeline.grading.grade import grade_submission  # noqa: E402
from mle_pipeline.orchestrate import Executor  # noqa: E402
from mle_pipeline.registry import get_competition, load_split  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="lite")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--postgres-url", help="run on this PostgreSQL (wiped) instead")
    args = parser.parse_args()
    ids = [c for c in load_split(args.split) if get_competition(c).implemented]
    seeds = list(range(args.seeds))
    overrides = None
    if args.postgres_url:
        overrides = {"storage": {"postgres": {"postgres_url": args.postgres_url}}}
    with tempfile.TemporaryDirectory() as scratch, instance_for_test(overrides) as instance:
        if args.postgres_url:
            instance.wipe()
        settings = PipelineSettings(data_root=scratch)
        executor = Executor(
            instance, settings, ["dummy"], echo=lambda _: None, log_level="CRITICAL"
        )
        executor.prepare(ids)
        start = time.perf_counter()
        executor.run_agents(ids, ["dummy"], seeds, force=True)
        wall = time.perf_counter() - start
        layout = settings.layout
        agent_s = sum(
            RunOutcome.load(layout.run_dir("dummy", c, s) / "run.json").wall_seconds
            for c in ids
            for s in seeds
        )
        grade_start = time.perf_counter()
        for c in ids:
            competition = get_competition(c)
            for s in seeds:
                grade_submission(
                    competition,
                    layout.run_dir("dummy", c, s) / "home" / "submission" / "submission.csv",
                    layout.prepared_dir(c) / competition.answers,
                )
        grade_s = time.perf_counter() - grade_start
    partitions = len(ids) * len(seeds)
    overhead = (wall - agent_s - grade_s) / partitions
    emit(
        "dagster_overhead",
        {
            "storage": "postgres" if args.postgres_url else "sqlite",
            "partitions": partitions,
            "wall_s": round(wall, 1),
            "agent_s": round(agent_s, 1),
            "grading_s": round(grade_s, 1),
            "overhead_per_partition_s": round(overhead, 3),
            "runs_per_minute": round(60 * partitions / wall, 1),
            "target_s": 0.5,
            "meets_target": overhead < 0.5,
            "failed": len(executor.summary.failed),
        },
    )


if __name__ == "__main__":
    main()
