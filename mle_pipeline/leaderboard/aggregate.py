"""Aggregate graded reports into leaderboard rows with DuckDB.

For every agent, data source and split the agent has reports in, each seed is scored over
*all* of the split's competitions: a competition without a report for that seed counts as
a failure (no submission, no medal), as MLE-bench pads missing runs. Percentages are then
averaged over seeds, with the standard error of the mean (sample standard deviation / √n).

One exception: runs still in progress. While an experiment (``mle_pipeline.experiments``)
is open, its (competition, seed) pairs without a report are left out of the seed's
denominator instead of being padded (``n_pending`` counts them); once it is complete or
past its deadline they count as failures again.

Rows never mix results that are not comparable: each agent's reports are grouped by data
source, ``preparation_variant`` and the task text the agent was given (``description``:
``mlebench``, ``mlebench-obfuscated``, ``summary``; ``unrecorded`` for older reports),
and the ``setup`` column labels the group in every output.

Report files that cannot be read (half-written, truncated, not a report, a FIFO, a device,
a folder, over 1 MiB) are skipped with a warning naming the file and what it is; they never
fail or block the aggregation. With ``vouched`` (see
``mle_pipeline.leaderboard.vouch``) a readable file counts only if a ``graded_report``
materialization vouches for its bytes; every other file is excluded and listed. A file
whose contents name another agent, competition or seed than its path is always excluded.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from mle_pipeline import fsutil
from mle_pipeline.grading.report import MAX_REPORT_BYTES, OUTCOME_FIELDS
from mle_pipeline.integrity.verdict import FLAGGED_SUFFIX
from mle_pipeline.prepare.variants import MLEBENCH_VARIANTS
from mle_pipeline.registry import load_split

LOG = logging.getLogger("mle_pipeline.leaderboard")
SAMPLE_LABEL = "OFFLINE SAMPLE DATA"
SPLITS = ("low", "medium", "high", "all", "dev")
COMPLEXITIES = ("low", "medium", "high")
SPLIT_LABELS = {
    "low": "low (lite)",
    "medium": "medium",
    "high": "high",
    "all": "all (75)",
    "dev": "dev",
}
OUTCOMES = OUTCOME_FIELDS
REPORT_COLUMNS = {
    "agent": "VARCHAR",
    "competition_id": "VARCHAR",
    "seed": "BIGINT",
    "data_source": "VARCHAR",
    "sample_data": "BOOLEAN",
    "experiment": "VARCHAR",
    "score": "DOUBLE",
    "gold_threshold": "DOUBLE",
    "silver_threshold": "DOUBLE",
    "bronze_threshold": "DOUBLE",
    "median_threshold": "DOUBLE",
    "is_lower_better": "BOOLEAN",
    "preparation_variant": "VARCHAR",
    "description": "VARCHAR",
    **{name: "BOOLEAN" for name in OUTCOMES},
}
# From the run's integrity verdicts (integrity/verdict.py), never from the report file.
INTEGRITY_COLUMNS = {"flagged": "BOOLEAN", "flag_reasons": "VARCHAR"}
# What --exclude-flagged takes from a flagged run: its medals (it still counts as a run).
MEDAL_OUTCOMES = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median")
REQUIRED = ("agent", "competition_id", "seed")
# The label of a row's data, in every output (Markdown, HTML, JSON, CSV, Parquet).
DATA_LABEL_SQL = (
    f"CASE WHEN data_source = 'sample' THEN '{SAMPLE_LABEL}' "
    "ELSE 'Kaggle (' || coalesce(data_source, 'unknown') || ')' END"
)

# What separates rows beside the agent: results under different setups are never averaged.
SETUP_COLUMNS = ("data_source", "preparation_variant", "description")
SETUP_LABEL_SQL = (
    "'task text: ' || description || CASE WHEN preparation_variant <> 'default' "
    "THEN '; preparation: ' || preparation_variant ELSE '' END"
)
UNRECORDED = "unrecorded"

Warn = Callable[[str], None]
# (agent, competition id, seed) -> sha256 of the report file its latest materialization wrote.
Vouchers = Mapping[tuple[str, str, int], str]


@dataclass(frozen=True)
class SkippedReport:
    path: str
    reason: str


@dataclass
class LeaderboardData:
    """Everything the outputs show: the summary, per-competition rows, and what was left out."""

    summary: pd.DataFrame
    competitions: pd.DataFrame
    skipped: list[SkippedReport] = field(default_factory=list)
    # Readable files the leaderboard does not vouch for (see the module docstring).
    excluded: list[SkippedReport] = field(default_factory=list)
    open_experiments: list[str] = field(default_factory=list)
    # Runs an integrity check flagged: agent, competition_id, seed, reasons, split(s).
    flagged: pd.DataFrame = field(default_factory=pd.DataFrame)
    exclude_flagged: bool = False

    @property
    def has_sample_data(self) -> bool:
        return bool(not self.summary.empty and self.summary["sample_data"].any())


def split_membership() -> pd.DataFrame:
    return pd.DataFrame(
        [(split, cid) for split in SPLITS for cid in load_split(split)],
        columns=["split", "competition_id"],
    )


def _complexity() -> pd.DataFrame:
    """MLE-bench's complexity of each competition; ``dev`` for the dev-only ones."""
    rows = {cid: split for split in COMPLEXITIES for cid in load_split(split)}
    for cid in load_split("dev"):
        rows.setdefault(cid, "dev")
    return pd.DataFrame(list(rows.items()), columns=["competition_id", "complexity"])


# ------------------------------------------------------------------------- reading reports


def _check_value(name: str, kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == "BOOLEAN":
        if not isinstance(value, bool):
            raise ValueError(f"{name} is not true/false: {value!r}")
        return value
    if kind == "BIGINT":
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"{name} is not an integer: {value!r}")
        return int(value)
    if kind == "DOUBLE":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} is not a number: {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string: {value!r}")
    return value


class ExcludedReport(ValueError):
    """A readable report the leaderboard must not count."""


def _location(path: str) -> tuple[str, str, int]:
    """(agent, competition id, seed) of ``<root>/<agent>/<competition>/seed-<n>.json``."""
    folder, name = os.path.split(path)
    agent_dir, competition = os.path.split(folder)
    digits = name[len("seed-") : -len(".json")]
    if not digits.isdigit() or name != f"seed-{int(digits)}.json":
        raise ExcludedReport(f"{name} is not a report name (seed-<n>.json)")
    return os.path.basename(agent_dir), competition, int(digits)


def _parse_one(path: str, vouched: Vouchers | None) -> dict:
    content = fsutil.read_bytes(path, MAX_REPORT_BYTES)
    if not content.strip():
        raise ValueError("empty file")
    data = json.loads(content.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, found {type(data).__name__}")
    row = {name: _check_value(name, kind, data.get(name)) for name, kind in REPORT_COLUMNS.items()}
    missing = [name for name in REQUIRED if row[name] is None]
    if missing:
        raise ValueError(f"missing field(s) {missing}")
    location = _location(path)
    named = (row["agent"], row["competition_id"], row["seed"])
    if named != location:
        raise ExcludedReport(
            "its contents name agent {!r}, competition {!r}, seed {} but it is filed under "
            "agent {!r}, competition {!r}, seed {}".format(*named, *location)
        )
    if vouched is not None:
        recorded = vouched.get(location)
        if recorded is None:
            raise ExcludedReport(
                "no graded_report materialization records it (a report never graded or "
                "imported here, e.g. copied or planted)"
            )
        if hashlib.sha256(content).hexdigest() != recorded:
            raise ExcludedReport(
                f"its sha256 differs from the one its latest graded_report materialization "
                f"recorded ({recorded[:12]}…): it was changed after grading"
            )
    return row


def integrity_flags(runs_root: Path | None, agent: str, competition: str, seed: int) -> str:
    """``check: summary`` of each flagged integrity verdict of the run, joined ('' if none).

    Only ``*.flagged.json`` files are read (``integrity/verdict.py`` names them by status):
    one folder listing per report, about 8 µs when the folder does not exist."""
    if runs_root is None:
        return ""
    folder = os.path.join(runs_root, agent, competition, f"seed-{seed}", "integrity")
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.path for e in entries if e.name.endswith(FLAGGED_SUFFIX))
    except (FileNotFoundError, NotADirectoryError):
        return ""
    reasons = []
    for path in names:
        try:
            verdict = json.loads(fsutil.read_bytes(path, MAX_REPORT_BYTES))
        except (OSError, ValueError):
            continue
        if isinstance(verdict, dict) and verdict.get("status") == "flagged":
            reasons.append(f"{verdict.get('check')}: {verdict.get('summary')}")
    return "; ".join(reasons)


def _read_files(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    vouched: Vouchers | None,
    runs_root: Path | None = None,
) -> tuple[list[SkippedReport], list[SkippedReport]]:
    """Parse each file, keep every good one, and load them into the ``reports`` table.

    Returns (unreadable files, excluded files). Plain ``json`` per file is both the robust
    way (a bad file is one skipped report) and the fast one: ~30 µs a report, where
    DuckDB's ``read_json`` over a list of files with a fixed schema took ~0.6 ms a report
    (DuckDB 1.x/2.0, measured on 20,000 reports).
    """
    rows, skipped, excluded = [], [], []
    with_runs: dict[str, bool] = {}  # imported reports have no runs: skip their lookups
    for path in files:
        try:
            row = _parse_one(path, vouched)
            agent = row["agent"]
            if agent not in with_runs:
                with_runs[agent] = runs_root is not None and os.path.isdir(runs_root / agent)
            reasons = (
                integrity_flags(runs_root, agent, row["competition_id"], row["seed"])
                if with_runs[agent]
                else ""
            )
            rows.append(row | {"flagged": bool(reasons), "flag_reasons": reasons})
        except ExcludedReport as err:
            excluded.append(SkippedReport(path, str(err)))
        except (OSError, ValueError, RecursionError) as err:  # UnicodeDecodeError: ValueError
            skipped.append(SkippedReport(path, str(err) or type(err).__name__))
    frame = pd.DataFrame(rows, columns=[*REPORT_COLUMNS, *INTEGRITY_COLUMNS])
    con.register("parsed_reports", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE reports AS {_select_reports('parsed_reports')}")
    con.unregister("parsed_reports")
    return skipped, excluded


def _select_reports(source: str) -> str:
    columns = REPORT_COLUMNS | INTEGRITY_COLUMNS
    casts = {k: f"CAST({k} AS {v})" for k, v in columns.items()}
    casts["flagged"] = "coalesce(CAST(flagged AS BOOLEAN), false)"
    # MLE-bench's own preparation is one setup, whichever name a competition gives it.
    compatible = ", ".join(f"'{v}'" for v in MLEBENCH_VARIANTS)
    variant = "CAST(preparation_variant AS VARCHAR)"
    casts["preparation_variant"] = (
        f"CASE WHEN coalesce({variant}, 'default') IN ({compatible}) THEN 'default' "
        f"ELSE {variant} END"
    )
    casts["description"] = f"coalesce(CAST(description AS VARCHAR), '{UNRECORDED}')"
    return "SELECT " + ", ".join(f"{v} AS {k}" for k, v in casts.items()) + f" FROM {source}"


def _report_files(reports_root: Path) -> list[str]:
    """``<root>/*/*/seed-*.json``, sorted: what ``Path.glob`` finds, in a third of its time."""
    found = []
    for agent in _subfolders(str(reports_root)):
        for competition in _subfolders(agent):
            with os.scandir(competition) as entries:
                found += [e.path for e in entries if fnmatch.fnmatchcase(e.name, "seed-*.json")]
    return sorted(found)


def _subfolders(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.path for entry in entries if entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return []


def report_agents(reports_root: Path) -> list[str]:
    """The agent folders under the reports folder."""
    return sorted(os.path.basename(p) for p in _subfolders(str(reports_root)))


def load_reports(
    con: duckdb.DuckDBPyConnection,
    reports_root: Path,
    vouched: Vouchers | None = None,
    runs_root: Path | None = None,
) -> tuple[list[SkippedReport], list[SkippedReport]]:
    """Create the ``reports`` table from ``<root>/*/*/seed-*.json``, each report marked
    ``flagged`` from its run's integrity verdicts under ``runs_root``; returns the
    unreadable and the excluded files."""
    files = _report_files(reports_root)
    if not files:
        columns = ", ".join(
            f"NULL::{v} AS {k}" for k, v in (REPORT_COLUMNS | INTEGRITY_COLUMNS).items()
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE reports AS SELECT {columns} LIMIT 0")
        return [], []
    return _read_files(con, files, vouched, runs_root)


# ------------------------------------------------------------------------------ queries


def _pct(name: str) -> str:
    return (
        f"100.0 * count(*) FILTER (WHERE m.{name} AND NOT m.pending) "
        f"/ count(*) FILTER (WHERE NOT m.pending) AS {name}_pct"
    )


def _same_setup(left: str, right: str) -> str:
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in SETUP_COLUMNS)


def _summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    per_seed = ",\n".join(_pct(name) for name in OUTCOMES)
    outcomes = ", ".join(f"r.{name}" for name in OUTCOMES)
    setup = ", ".join(SETUP_COLUMNS)
    summary = ",\n".join(
        f"avg({n}_pct) AS {n}_pct_mean, "
        f"coalesce(stddev_samp({n}_pct) / sqrt(count(*)), 0) AS {n}_pct_sem"
        for n in OUTCOMES
    )
    return con.execute(
        f"""
        WITH active AS (
            SELECT DISTINCT r.agent, {", ".join(f"r.{c}" for c in SETUP_COLUMNS)}, s.split
            FROM reports r JOIN splits s USING (competition_id)
        ),
        seeds AS (SELECT DISTINCT agent, {setup}, seed FROM reports),
        grid AS (
            SELECT a.*, s.competition_id, se.seed
            FROM active a
            JOIN splits s ON s.split = a.split
            JOIN seeds se ON se.agent = a.agent AND {_same_setup("se", "a")}
        ),
        marked AS (
            SELECT g.*, r.competition_id AS graded_id, {outcomes}, r.flagged,
                   r.competition_id IS NULL AND p.agent IS NOT NULL AS pending
            FROM grid g
            LEFT JOIN reports r
              ON r.agent = g.agent AND r.competition_id = g.competition_id AND r.seed = g.seed
             AND {_same_setup("r", "g")}
            LEFT JOIN pending p
              ON p.agent = g.agent AND p.competition_id = g.competition_id AND p.seed = g.seed
        ),
        per_seed AS (
            SELECT m.agent, {", ".join(f"m.{c}" for c in SETUP_COLUMNS)}, m.split, m.seed,
                   count(*) AS n_competitions,
                   count(m.graded_id) AS n_graded,
                   count(*) FILTER (WHERE m.pending) AS n_pending,
                   count(*) FILTER (WHERE m.flagged) AS n_flagged,
                   {per_seed}
            FROM marked m
            GROUP BY ALL
            HAVING count(*) FILTER (WHERE NOT m.pending) > 0
        )
        SELECT agent, split, {setup},
               coalesce(data_source = 'sample', false) AS sample_data,
               {DATA_LABEL_SQL} AS data,
               {SETUP_LABEL_SQL} AS setup,
               max(n_competitions) AS n_competitions,
               count(*) AS n_seeds,
               max(n_graded) AS n_graded_max,
               min(n_graded) AS n_graded_min,
               CAST(sum(n_pending) AS BIGINT) AS n_pending,
               CAST(sum(n_flagged) AS BIGINT) AS n_flagged,
               {summary}
        FROM per_seed
        GROUP BY agent, split, {setup}
        ORDER BY agent, {setup},
                 list_position(['low', 'medium', 'high', 'all', 'dev'], split)
        """
    ).df()


def _per_competition(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per agent × setup × competition: scores over seeds against thresholds.

    ``relative_score`` puts every metric on one axis: 0 at the median threshold, 1 at the
    bronze threshold (higher is better whatever the metric's direction).
    """
    return con.execute(
        f"""
        WITH graded AS (
            SELECT *, CASE WHEN valid_submission AND isfinite(score) THEN score END AS good
            FROM reports
        ),
        per AS (
            SELECT agent, {", ".join(SETUP_COLUMNS)}, competition_id,
                   count(*) AS n_seeds,
                   count(good) AS n_valid,
                   avg(good) AS mean_score,
                   CASE WHEN bool_or(is_lower_better) THEN min(good) ELSE max(good) END
                       AS best_score,
                   count(*) FILTER (WHERE any_medal) AS n_any_medal,
                   count(*) FILTER (WHERE flagged) AS n_flagged,
                   count(*) FILTER (WHERE above_median) AS n_above_median,
                   max(gold_threshold) AS gold_threshold,
                   max(silver_threshold) AS silver_threshold,
                   max(bronze_threshold) AS bronze_threshold,
                   max(median_threshold) AS median_threshold,
                   bool_or(is_lower_better) AS is_lower_better,
                   list(DISTINCT experiment ORDER BY experiment)
                       FILTER (WHERE experiment IS NOT NULL) AS experiments
            FROM graded
            GROUP BY agent, {", ".join(SETUP_COLUMNS)}, competition_id
        )
        SELECT p.agent, {", ".join(f"p.{c}" for c in SETUP_COLUMNS)},
               coalesce(p.data_source = 'sample', false) AS sample_data,
               {DATA_LABEL_SQL} AS data, {SETUP_LABEL_SQL} AS setup,
               p.competition_id, coalesce(c.complexity, 'unknown') AS complexity,
               p.n_seeds, p.n_valid, p.n_flagged, p.mean_score, p.best_score,
               p.median_threshold, p.bronze_threshold, p.silver_threshold, p.gold_threshold,
               p.is_lower_better,
               CASE WHEN p.bronze_threshold <> p.median_threshold
                    THEN (p.mean_score - p.median_threshold)
                         / (p.bronze_threshold - p.median_threshold)
               END AS relative_score,
               100.0 * p.n_any_medal / p.n_seeds AS any_medal_pct,
               100.0 * p.n_above_median / p.n_seeds AS above_median_pct,
               coalesce(array_to_string(p.experiments, ' '), '') AS experiments
        FROM per p LEFT JOIN complexity c USING (competition_id)
        ORDER BY list_position(['low', 'medium', 'high', 'dev'], c.complexity), p.competition_id,
                 p.agent, p.data_source, p.preparation_variant, p.description
        """
    ).df()


def build(
    reports_root: Path,
    *,
    vouched: Vouchers | None,
    data_root: Path | None = None,
    now: datetime | None = None,
    warn: Warn | None = None,
    exclude_flagged: bool = False,
) -> LeaderboardData:
    """Read every report once and compute the summary and the per-competition rows.

    ``vouched``: the sha256 each (agent, competition, seed) report must have (from
    ``vouch.read_vouchers``); ``None`` counts every readable, well-placed file, for a
    folder of reports trusted as it is. ``data_root`` (default: the reports folder's
    parent) holds ``experiments/``; ``warn`` (default: this module's logger) hears about
    every file that is skipped or excluded. ``exclude_flagged``: a run an integrity check
    flagged keeps its place (a run, graded) but wins no medal and is not above the median.
    """
    from mle_pipeline.experiments import open_pairs

    warn = warn or LOG.warning
    con = duckdb.connect()
    root = data_root or reports_root.parent
    skipped, excluded = load_reports(con, reports_root, vouched, root / "runs")
    for item in skipped:
        warn(f"skipping unreadable report {item.path}: {item.reason}")
    for item in excluded:
        warn(f"excluding report {item.path}: {item.reason}")
    pairs, open_ids = open_pairs(root, now=now, warn=warn)
    con.register(
        "pending",
        pd.DataFrame(pairs, columns=["agent", "competition_id", "seed"]).astype(
            {"agent": "string", "competition_id": "string", "seed": "int64"}
        ),
    )
    con.register("splits", split_membership())
    con.register("complexity", _complexity())
    (n_reports,) = con.execute("SELECT count(*) FROM reports").fetchone()
    if not n_reports:
        return LeaderboardData(pd.DataFrame(), pd.DataFrame(), skipped, excluded, open_ids)
    flagged = _flagged(con)
    if exclude_flagged:
        cleared = ", ".join(f"{name} = false" for name in MEDAL_OUTCOMES)
        con.execute(f"UPDATE reports SET {cleared} WHERE flagged")
    return LeaderboardData(
        _summary(con),
        _per_competition(con),
        skipped,
        excluded,
        open_ids,
        flagged=flagged,
        exclude_flagged=exclude_flagged,
    )


def _flagged(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every flagged run, with the medal it had and the splits it counts in."""
    return con.execute(
        """
        SELECT r.agent, r.competition_id, r.seed, r.any_medal, r.flag_reasons,
               coalesce(string_agg(s.split, ' ' ORDER BY
                   list_position(['low', 'medium', 'high', 'all', 'dev'], s.split)), '')
                   AS splits
        FROM reports r LEFT JOIN splits s USING (competition_id)
        WHERE r.flagged
        GROUP BY ALL
        ORDER BY r.agent, r.competition_id, r.seed
        """
    ).df()


def aggregate(reports_root: Path, *, vouched: Vouchers | None = None, **kwargs) -> pd.DataFrame:
    """One row per agent × setup × split, with mean and SEM of each percentage."""
    return build(reports_root, vouched=vouched, **kwargs).summary
