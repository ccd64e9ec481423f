"""Aggregate graded reports into leaderboard rows with DuckDB.

For every agent, data source and split the agent has reports in, each seed is scored over
*all* of the split's competitions: a competition without a report for that seed counts as
a failure (no submission, no medal), as MLE-bench pads missing runs. Percentages are then
averaged over seeds, with the standard error of the mean (sample standard deviation / √n).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from mle_pipeline.registry import load_split

SPLITS = ("low", "medium", "high", "all", "dev")
SPLIT_LABELS = {
    "low": "low (lite)",
    "medium": "medium",
    "high": "high",
    "all": "all (75)",
    "dev": "dev",
}
OUTCOMES = (
    "any_medal",
    "gold_medal",
    "silver_medal",
    "bronze_medal",
    "above_median",
    "valid_submission",
    "submission_exists",
)
REPORT_COLUMNS = {
    "agent": "VARCHAR",
    "competition_id": "VARCHAR",
    "seed": "BIGINT",
    "data_source": "VARCHAR",
    "sample_data": "BOOLEAN",
    **{name: "BOOLEAN" for name in OUTCOMES},
}


def split_membership() -> pd.DataFrame:
    return pd.DataFrame(
        [(split, cid) for split in SPLITS for cid in load_split(split)],
        columns=["split", "competition_id"],
    )


def _reports_relation(con: duckdb.DuckDBPyConnection, reports_root: Path) -> bool:
    files = sorted(str(p) for p in reports_root.glob("*/*/seed-*.json"))
    if not files:
        return False
    columns = ", ".join(f"'{k}': '{v}'" for k, v in REPORT_COLUMNS.items())
    con.execute(
        f"CREATE TEMP TABLE reports AS SELECT * FROM read_json($files, columns={{{columns}}}, "
        "format='auto')",
        {"files": files},
    )
    return True


def _pct(name: str) -> str:
    return f"100.0 * count(*) FILTER (WHERE r.{name}) / count(*) AS {name}_pct"


def aggregate(reports_root: Path) -> pd.DataFrame:
    """One row per agent × data source × split, with mean and SEM of each percentage."""
    con = duckdb.connect()
    if not _reports_relation(con, reports_root):
        return pd.DataFrame()
    con.register("splits", split_membership())
    per_seed = ",\n".join(_pct(name) for name in OUTCOMES)
    summary = ",\n".join(
        f"avg({n}_pct) AS {n}_pct_mean, "
        f"coalesce(stddev_samp({n}_pct) / sqrt(count(*)), 0) AS {n}_pct_sem"
        for n in OUTCOMES
    )
    return con.execute(
        f"""
        WITH active AS (
            SELECT DISTINCT r.agent, r.data_source, s.split
            FROM reports r JOIN splits s USING (competition_id)
        ),
        seeds AS (SELECT DISTINCT agent, data_source, seed FROM reports),
        grid AS (
            SELECT a.agent, a.data_source, a.split, s.competition_id, se.seed
            FROM active a
            JOIN splits s ON s.split = a.split
            JOIN seeds se ON se.agent = a.agent
                         AND se.data_source IS NOT DISTINCT FROM a.data_source
        ),
        per_seed AS (
            SELECT g.agent, g.data_source, g.split, g.seed,
                   count(*) AS n_competitions,
                   count(r.competition_id) AS n_graded,
                   {per_seed}
            FROM grid g
            LEFT JOIN reports r
              ON r.agent = g.agent AND r.competition_id = g.competition_id AND r.seed = g.seed
             AND r.data_source IS NOT DISTINCT FROM g.data_source
            GROUP BY ALL
        )
        SELECT agent, split, data_source,
               data_source = 'sample' AS sample_data,
               max(n_competitions) AS n_competitions,
               count(*) AS n_seeds,
               max(n_graded) AS n_graded_max,
               min(n_graded) AS n_graded_min,
               {summary}
        FROM per_seed
        GROUP BY agent, split, data_source
        ORDER BY agent, data_source, list_position(['low', 'medium', 'high', 'all', 'dev'], split)
        """
    ).df()
