"""Aggregate N generated graded reports into the leaderboard and print the wall time.

    python benchmarks/leaderboard_scale.py --reports 100000
Target: 100,000 reports in under 5 s, vouched for by their Dagster records as the
leaderboard asset and CLI check them (``leaderboard.vouch``).

Each report needs a graded_report materialization. Dagster writes one in 25-45 ms here, so
100,000 would take about an hour: one real materialization per agent is recorded through
Dagster and the others are cloned from it in SQL (the rows Dagster's SQLite event log
writes: ``event_logs`` with the partition, ``asset_event_tags`` with the data version),
which is what the leaderboard's query reads. Every report must then count (checked).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from common import emit  # noqa: E402
from dagster import AssetMaterialization, DagsterInstance  # noqa: E402
from dagster._core.definitions.data_version import DATA_VERSION_TAG  # noqa: E402

from mle_pipeline.assets.partitions import run_key  # noqa: E402
from mle_pipeline.layout import DataLayout  # noqa: E402
from mle_pipeline.leaderboard.aggregate import aggregate  # noqa: E402
from mle_pipeline.leaderboard.vouch import (  # noqa: E402
    build_vouched,
    graded_report_key,
    read_vouchers,
)
from mle_pipeline.registry import load_split  # noqa: E402


def generate(layout: DataLayout, n_reports: int, rng: random.Random) -> dict:
    """Write the reports; returns (agent, competition, seed) -> the file's sha256."""
    competitions = load_split("all")
    agents = [f"agent-{i}" for i in range(max(1, n_reports // (len(competitions) * 20)))]
    digests: dict[tuple[str, str, int], str] = {}
    seed = 0
    while len(digests) < n_reports:
        for agent in agents:
            for cid in competitions:
                if len(digests) >= n_reports:
                    return digests
                medal = rng.random() < 0.2
                path = layout.report_path(agent, cid, seed)
                path.parent.mkdir(parents=True, exist_ok=True)
                content = (
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
                ).encode()
                path.write_bytes(content)
                digests[(agent, cid, seed)] = hashlib.sha256(content).hexdigest()
        seed += 1
    return digests


def record(instance: DagsterInstance, home: Path, digests: dict) -> None:
    """One real graded_report materialization per agent, the rest cloned from it in SQL."""
    templates = {}
    for agent, cid, seed in digests:
        if agent not in templates:
            templates[agent] = (cid, seed)
            instance.report_runless_asset_event(
                AssetMaterialization(
                    asset_key=graded_report_key(agent),
                    partition=str(run_key(cid, seed)),
                    tags={DATA_VERSION_TAG: digests[(agent, cid, seed)]},
                )
            )
    (index,) = home.glob("**/index.db")
    con = sqlite3.connect(index)
    with con:
        for agent, (cid, seed) in templates.items():
            key = graded_report_key(agent).to_string()
            row = con.execute(
                "SELECT run_id, event, dagster_event_type, timestamp, step_key, asset_key "
                "FROM event_logs WHERE asset_key = ? AND partition = ?",
                (key, str(run_key(cid, seed))),
            ).fetchone()
            for (a, c, s), digest in digests.items():
                if a != agent or (c, s) == (cid, seed):
                    continue
                event_id = con.execute(
                    "INSERT INTO event_logs (run_id, event, dagster_event_type, timestamp, "
                    "step_key, asset_key, partition) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*row, str(run_key(c, s))),
                ).lastrowid
                con.execute(
                    "INSERT INTO asset_event_tags (event_id, asset_key, key, value, "
                    "event_timestamp) VALUES (?, ?, ?, ?, ?)",
                    (event_id, key, DATA_VERSION_TAG, digest, row[3]),
                )
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        layout = DataLayout(Path(scratch))
        started = time.perf_counter()
        digests = generate(layout, args.reports, random.Random(0))
        home = Path(scratch) / "dagster_home"
        home.mkdir()
        instance = DagsterInstance.local_temp(str(home))
        record(instance, home, digests)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        frame = aggregate(layout.reports_root)
        unvouched = time.perf_counter() - started
        started = time.perf_counter()
        vouchers = read_vouchers(instance, {agent for agent, _, _ in digests})
        read = time.perf_counter() - started
        started = time.perf_counter()
        data = build_vouched(instance, layout)
        elapsed = time.perf_counter() - started
        if vouchers != digests or data.excluded:
            raise SystemExit("some reports were not vouched for")
        # Equal up to float rounding: DuckDB's parallel sums may add in another order.
        pd.testing.assert_frame_equal(data.summary, frame)
    emit(
        "leaderboard",
        {
            "reports": args.reports,
            "rows": len(data.summary),
            "generate_s": round(generated, 2),
            "read_records_s": round(read, 2),
            "aggregate_unvouched_s": round(unvouched, 2),
            "aggregate_s": round(elapsed, 2),
            "target_s": 5.0,
            "meets_target": elapsed < 5.0,
        },
    )


if __name__ == "__main__":
    main()
