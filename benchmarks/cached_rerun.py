"""Time a cached re-run: the same `run` a second time, and `prepare` over prepared data.

    python benchmarks/cached_rerun.py [--split lite] [--seeds 3] [--agent dummy]
Targets: second `run` under 10 s; `prepare` over already-prepared data under 20 s.
Each command is a fresh `mle-pipeline` process (as a user runs it), so Python and Dagster
start-up are included.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="lite")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--agent", default="dummy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        env = {**os.environ, "DAGSTER_HOME": str(home), "MLE_PIPELINE_DATA": f"{scratch}/data"}
        run = [
            "run",
            "--split",
            args.split,
            "--agent",
            args.agent,
            "--seeds",
            str(args.seeds),
            "--source",
            "sample",
        ]
        first = timed(run, env, quiet=True)
        second = timed(run, env, quiet=True)
        prepare = timed(["prepare", "--split", args.split], env, quiet=True)
        verify = timed(["prepare", "--split", args.split, "--verify"], env, quiet=True)
    emit(
        "cached_rerun",
        {
            "split": args.split,
            "seeds": args.seeds,
            "agent": args.agent,
            "first_run_s": round(first, 1),
            "second_run_s": round(second, 1),
            "prepare_again_s": round(prepare, 1),
            "prepare_verify_s": round(verify, 1),
            "targets": "second run < 10 s, prepare again < 20 s",
            "meets_target": second < 10 and prepare < 20,
        },
    )


if __name__ == "__main__":
    main()
