"""Leaderboard output: Markdown, JSON records, CSV and Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mle_pipeline.atomic import atomic_path, write_text
from mle_pipeline.leaderboard.aggregate import SPLIT_LABELS
from mle_pipeline.sources.sample import SAMPLE_NOTICE

COLUMNS = [
    ("any_medal", "any medal %"),
    ("gold_medal", "gold %"),
    ("silver_medal", "silver %"),
    ("bronze_medal", "bronze %"),
    ("above_median", "above median %"),
    ("valid_submission", "valid %"),
]


def _cell(row: pd.Series, name: str) -> str:
    return f"{row[f'{name}_pct_mean']:.2f} ± {row[f'{name}_pct_sem']:.2f}"


def data_label(row: pd.Series) -> str:
    return "OFFLINE SAMPLE DATA" if row["sample_data"] else f"Kaggle ({row['data_source']})"


def to_markdown(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "No graded reports yet: run `mle-pipeline run` first.\n"
    header = ["agent", "split", "data", "competitions", "seeds"] + [label for _, label in COLUMNS]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for _, row in frame.iterrows():
        coverage = f"{row['n_graded_max']}/{row['n_competitions']}"
        cells = [
            row["agent"],
            SPLIT_LABELS.get(row["split"], row["split"]),
            data_label(row),
            coverage,
            str(row["n_seeds"]),
        ] + [_cell(row, name) for name, _ in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [
        "",
        "Mean ± standard error over seeds; a competition without a report counts as "
        "a failure. 'competitions' is graded/in split.",
    ]
    if frame["sample_data"].any():
        notes.append(
            f"Rows marked OFFLINE SAMPLE DATA: {SAMPLE_NOTICE}; they come from synthetic "
            "data and say nothing about Kaggle results."
        )
    return "\n".join(lines + notes) + "\n"


def to_records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records")) if not frame.empty else []


def write_outputs(frame: pd.DataFrame, folder: Path) -> dict[str, Path]:
    """Write leaderboard.{parquet,md,json,csv} atomically; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {ext: folder / f"leaderboard.{ext}" for ext in ("parquet", "md", "json", "csv")}
    with atomic_path(paths["parquet"]) as tmp:
        frame.to_parquet(tmp, index=False)
    with atomic_path(paths["csv"]) as tmp:
        frame.to_csv(tmp, index=False)
    write_text(paths["md"], to_markdown(frame))
    write_text(paths["json"], json.dumps(to_records(frame), indent=2) + "\n")
    return paths
