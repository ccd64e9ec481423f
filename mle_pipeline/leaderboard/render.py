"""Leaderboard output: Markdown, JSON records, CSV, Parquet and a self-contained HTML page.

Every output labels rows from offline sample data: the ``data`` column reads
``OFFLINE SAMPLE DATA`` (JSON, CSV, Parquet), the Markdown table says so in its data
column and a note, and the HTML page shows a banner and a tag on each such row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from mle_pipeline.atomic import atomic_path, write_text
from mle_pipeline.leaderboard.aggregate import (
    SAMPLE_LABEL,
    SPLIT_LABELS,
    LeaderboardData,
    SkippedReport,
)

COLUMNS = [
    ("any_medal", "any medal %"),
    ("gold_medal", "gold %"),
    ("silver_medal", "silver %"),
    ("bronze_medal", "bronze %"),
    ("above_median", "above median %"),
    ("valid_submission", "valid %"),
]
FORMATS = ("md", "json", "csv", "html")
# Excluded or unreadable files listed in full up to this many; the rest are counted (every
# path is in leaderboard_excluded.json).
LISTED = 100


def listing(items: Sequence[SkippedReport], limit: int = LISTED) -> str:
    """One ``path: reason`` line per file, the first ``limit`` of them."""
    lines = [f"{s.path}: {s.reason}" for s in items[:limit]]
    if len(items) > limit:
        lines.append(f"... and {len(items) - limit} more (see leaderboard_excluded.json)")
    return "\n".join(lines)


def left_out(data: LeaderboardData) -> list[tuple[str, list[SkippedReport]]]:
    """What the leaderboard did not count, as (heading, files), for Markdown and HTML."""
    groups = []
    if data.excluded:
        groups.append(
            (
                f"{len(data.excluded)} report file(s) excluded: no graded_report "
                "materialization vouches for them as they are (edited after grading, never "
                "graded or imported here, copied to another seed, or naming another agent, "
                "competition or seed than their path)",
                data.excluded,
            )
        )
    if data.skipped:
        groups.append((f"{len(data.skipped)} unreadable report file(s) skipped", data.skipped))
    return groups


def flagged_listing(data: LeaderboardData) -> tuple[str, list[str]]:
    """A heading and one line per flagged run (by agent), for Markdown and HTML."""
    flagged = data.flagged
    if flagged.empty:
        return "", []
    per_agent = flagged.groupby("agent").size()
    counts = ", ".join(f"{agent} {n}" for agent, n in per_agent.items())
    effect = (
        "their medals are not counted (--exclude-flagged)"
        if data.exclude_flagged
        else "still counted; `mle-pipeline leaderboard --exclude-flagged` recomputes without "
        "their medals"
    )
    heading = f"{len(flagged)} run(s) flagged by integrity checks ({counts}); {effect}"
    lines = []
    for _, run in flagged.iterrows():
        medal = " (had a medal)" if run["any_medal"] else ""
        splits = f" [{run['splits']}]" if run["splits"] else ""
        lines.append(
            f"{run['agent']} {run['competition_id']} seed {run['seed']}{splits}{medal}: "
            f"{run['flag_reasons']}"
        )
    return heading, lines


def _flag_cell(row: pd.Series) -> str:
    n = row.get("n_flagged", 0)
    return "0" if pd.isna(n) or not n else f"⚑ {int(n)}"


def _cell(row: pd.Series, name: str) -> str:
    return f"{row[f'{name}_pct_mean']:.2f} ± {row[f'{name}_pct_sem']:.2f}"


def data_label(row: pd.Series) -> str:
    return SAMPLE_LABEL if row["sample_data"] else f"Kaggle ({row['data_source']})"


def as_data(board: pd.DataFrame | LeaderboardData) -> LeaderboardData:
    if isinstance(board, LeaderboardData):
        return board
    return LeaderboardData(summary=board, competitions=pd.DataFrame())


def to_markdown(
    board: pd.DataFrame | LeaderboardData,
    *,
    open_experiments: Sequence[str] = (),
) -> str:
    data = as_data(board)
    frame = data.summary
    open_experiments = list(open_experiments) or data.open_experiments
    notes = []
    for heading, items in left_out(data):
        notes += ["", f"{heading}:", *(f"- {line}" for line in listing(items).splitlines())]
    if frame.empty:
        return "\n".join(["No graded reports yet: run `mle-pipeline run` first.", *notes]) + "\n"
    header = ["agent", "split", "data", "setup", "competitions", "seeds", "flagged"]
    header += [label for _, label in COLUMNS]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for _, row in frame.iterrows():
        coverage = f"{row['n_graded_max']}/{row['n_competitions']}"
        if row.get("n_pending", 0):
            coverage += f" (+{row['n_pending']} pending)"
        cells = [
            row["agent"],
            SPLIT_LABELS.get(row["split"], row["split"]),
            data_label(row),
            str(row.get("setup", "")),
            coverage,
            str(row["n_seeds"]),
            _flag_cell(row),
        ] + [_cell(row, name) for name, _ in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    notes[:0] = [
        "",
        "Mean ± standard error over seeds; a competition without a report counts as "
        "a failure. 'competitions' is graded/in split. Runs given different task text "
        "or preparation variants ('setup') are separate rows, never averaged together.",
    ]
    heading, flagged_lines = flagged_listing(data)
    if heading:
        notes += ["", f"{heading}:", *(f"- {line}" for line in flagged_lines[:LISTED])]
    if open_experiments:
        notes.append(
            f"Experiments still running: {', '.join(open_experiments)}; their runs without "
            "a report yet are pending (left out, not counted as failures) until the "
            "experiment completes or passes its deadline."
        )
    if frame["sample_data"].any():
        notes.append(
            f"Rows marked {SAMPLE_LABEL} were graded on synthetic data generated by "
            "mle_pipeline, not Kaggle's, and say nothing about Kaggle results."
        )
    return "\n".join(lines + notes) + "\n"


def to_records(board: pd.DataFrame | LeaderboardData) -> list[dict]:
    frame = as_data(board).summary
    return json.loads(frame.to_json(orient="records")) if not frame.empty else []


def to_csv(board: pd.DataFrame | LeaderboardData) -> str:
    return as_data(board).summary.to_csv(index=False)


def to_html(board: pd.DataFrame | LeaderboardData) -> str:
    from mle_pipeline.leaderboard.html import to_html as page

    return page(as_data(board))


def render(board: pd.DataFrame | LeaderboardData, fmt: str) -> str:
    """The leaderboard as text in one of ``FORMATS``."""
    if fmt == "md":
        return to_markdown(board)
    if fmt == "json":
        return json.dumps(to_records(board), indent=2) + "\n"
    if fmt == "csv":
        return to_csv(board)
    if fmt == "html":
        return to_html(board)
    raise ValueError(f"unknown leaderboard format {fmt!r}; choose one of {FORMATS}")


def write_outputs(board: pd.DataFrame | LeaderboardData, folder: Path) -> dict[str, Path]:
    """Write leaderboard.{parquet,md,json,csv,html}, the files left out with their reasons
    (leaderboard_excluded.json) and the per-competition rows as
    leaderboard_competitions.{parquet,csv} when there are any, atomically; returns paths."""
    data = as_data(board)
    frame = data.summary
    folder.mkdir(parents=True, exist_ok=True)
    paths = {ext: folder / f"leaderboard.{ext}" for ext in ("parquet", "md", "json", "csv", "html")}
    with atomic_path(paths["parquet"]) as tmp:
        frame.to_parquet(tmp, index=False)
    write_text(paths["csv"], to_csv(data))
    write_text(paths["md"], to_markdown(data))
    write_text(paths["json"], render(data, "json"))
    write_text(paths["html"], to_html(data))
    paths["excluded"] = folder / "leaderboard_excluded.json"
    left = {
        "excluded": [{"path": s.path, "reason": s.reason} for s in data.excluded],
        "unreadable": [{"path": s.path, "reason": s.reason} for s in data.skipped],
    }
    write_text(paths["excluded"], json.dumps(left, indent=2) + "\n")
    paths["flagged"] = folder / "leaderboard_flagged.json"
    flagged = json.loads(data.flagged.to_json(orient="records")) if not data.flagged.empty else []
    payload = {"exclude_flagged": data.exclude_flagged, "flagged_runs": flagged}
    write_text(paths["flagged"], json.dumps(payload, indent=2) + "\n")
    if not data.competitions.empty:
        paths["competitions_parquet"] = folder / "leaderboard_competitions.parquet"
        paths["competitions_csv"] = folder / "leaderboard_competitions.csv"
        with atomic_path(paths["competitions_parquet"]) as tmp:
            data.competitions.to_parquet(tmp, index=False)
        write_text(paths["competitions_csv"], data.competitions.to_csv(index=False))
    return paths
