"""Aggregate N generated graded reports into the leaderboard and print the wall time.

    python benchmarks/leaderboard_scale.py --reports 100000
Target: 100,000 reports in under 5 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit  # noqa: E402

from mle_pipeline.layout import DataLayout  # noqa: E402
from mle_pipeline.leaderboard.aggregate import aggregate  # noqa: E402
from mle_pipeline.registry import load_split  # noqa: E402


def generate(layout: DataLayout, n_reports: int, rng: random.Random) -> None:
    competitions = load_split("all")
    agents = [f"agent-{i}" for i in range(max(1, n_reports // (len(competitions) * 20)))]
    written = 0
    seed = 0
    while written < n_reports:
        for agent in agents:
            for cid in competitions:
                if written >= n_reports:
                    return
                medal = rng.random() < 0.2
                path = layout.report_path(agent, cid, seed)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(
                    json.dumps(
                        {
                            "competition_id": cid,
                            "agent": agent,
                            "seed": seed,
                            "score": rng.random(),
                            "data_source": "sample",
                            "sample_data": True,
                            "any_medal": medal,
                            "gold_medal": medal,
                            "silver_medal": False,
                            "bronze_medal": False,
                            "above_median": medal or rng.random() < 0.3,
                            "valid_submission": True,
                            "submission_exists": True,
                        }
                    )
                )
                written += 1
        seed += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        layout = DataLayout(Path(scratch))
        started = time.perf_counter()
        generate(layout, args.reports, random.Random(0))
        generated = time.perf_counter() - started
        started = time.perf_counter()
        frame = aggregate(layout.reports_root)
        elapsed = time.perf_counter() - started
    emit(
        "leaderboard",
        {
            "reports": args.reports,
            "rows": len(frame),
            "generate_s": round(generated, 2),
            "aggregate_s": round(elapsed, 2),
            "target_s": 5.0,
            "meets_target": elapsed < 5.0,
        },
    )


if __name__ == "__main__":
    main()
