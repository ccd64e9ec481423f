"""Time `mle-pipeline run --parallel N` with an agent that sleeps a fixed T seconds.

    python benchmarks/parallel_runs.py [--sleep 90] [--parallel 4] [--split lite]

The split is prepared first (timed apart), then one seed of the sleeping agent runs on
every competition of the split; the figure is wall time / (ceil(competitions / N) * T),
the ideal when N agents always run at once. Target: at most 1.3. The wall time includes
all overhead: Python and Dagster start-up, `dagster dev` for the backfill, each run's
process, the grading and the leaderboard. A fresh Dagster home without a dagster.yaml (as
the CLI's default home) sets no pool limits, so N is the only bound.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, machine, timed  # noqa: E402

SLEEPER = """\
name: sleeper
description: Sleeps {seconds} s, then leaves (no submission).
command: ["{{python}}", "-c", "import time; time.sleep({seconds})"]
time_limit_seconds: {limit}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sleep", type=float, default=90.0, help="T: the agent's sleep (s)")
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--split", default="lite")
    args = parser.parse_args()
    from mle_pipeline.registry import load_split

    competitions = len(load_split(args.split))
    with tempfile.TemporaryDirectory(prefix="parallel-runs-") as scratch:
        home, agents = Path(scratch, "home"), Path(scratch, "agents")
        home.mkdir()
        agents.mkdir()
        (agents / "sleeper.yaml").write_text(
            SLEEPER.format(seconds=args.sleep, limit=int(args.sleep * 3))
        )
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "MLE_PIPELINE_DATA": f"{scratch}/data",
            "MLE_PIPELINE_AGENTS": str(agents),
        }
        prepare = timed(["prepare", "--split", args.split], env)
        load_before = os.getloadavg()
        run = ["run", "--split", args.split, "--agent", "sleeper", "--seeds", "1"]
        wall = timed([*run, "--parallel", str(args.parallel)], env)
        load_after = os.getloadavg()
    ideal = math.ceil(competitions / args.parallel) * args.sleep
    emit(
        "parallel_runs",
        {
            "split": args.split,
            "competitions": competitions,
            "parallel": args.parallel,
            "sleep_seconds": args.sleep,
            "prepare_seconds": round(prepare, 1),
            "run_wall_seconds": round(wall, 1),
            "ideal_seconds": ideal,
            "ratio": round(wall / ideal, 3),
            "target": 1.3,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "machine": machine(),
        },
    )


if __name__ == "__main__":
    main()
