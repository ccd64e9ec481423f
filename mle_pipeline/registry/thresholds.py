"""Medal thresholds per competition.

By default they come from ``leaderboard_thresholds.csv``, figures derived from the final
Kaggle leaderboards and shipped with the package so grading works offline. A folder of
leaderboards given by the user (``$MLE_PIPELINE_LEADERBOARDS`` or ``leaderboards_dir=``)
takes precedence; it may hold ``<id>.csv``, ``<id>/leaderboard.csv``, or be an MLE-bench
checkout (``mlebench/competitions/<id>/leaderboard.csv``).
"""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import pandas as pd

from mle_pipeline.medals import Thresholds, thresholds_from_scores

THRESHOLDS_CSV = Path(__file__).resolve().parent / "leaderboard_thresholds.csv"
LEADERBOARDS_ENV = "MLE_PIPELINE_LEADERBOARDS"
COLUMNS = ("competition_id", "n_teams", "gold", "silver", "bronze", "median", "is_lower_better")


class MissingLeaderboardError(LookupError):
    def __str__(self) -> str:
        return str(self.args[0])


def leaderboard_file(folder: Path, competition_id: str) -> Path | None:
    """The leaderboard CSV of a competition inside a user-given folder, if present."""
    for candidate in (
        folder / f"{competition_id}.csv",
        folder / competition_id / "leaderboard.csv",
        folder / "mlebench" / "competitions" / competition_id / "leaderboard.csv",
    ):
        if candidate.is_file():
            return candidate
    return None


def thresholds_from_leaderboard(path: Path) -> Thresholds:
    """Read a final leaderboard CSV (best team first) and derive its thresholds."""
    try:
        frame = pd.read_csv(path, usecols=["score"], float_precision="round_trip")
    except ValueError as err:
        raise ValueError(f"{path}: not a leaderboard with a 'score' column ({err})") from err
    if frame.empty:
        raise ValueError(f"{path}: leaderboard has no rows")
    if frame["score"].isna().any():
        raise ValueError(f"{path}: leaderboard has rows without a score")
    return thresholds_from_scores(frame["score"].tolist())


@functools.cache
def load_thresholds(table: Path = THRESHOLDS_CSV) -> dict[str, Thresholds]:
    """The shipped table of thresholds by competition id."""
    with open(table, newline="") as handle:
        return {
            row["competition_id"]: Thresholds(
                n_teams=int(row["n_teams"]),
                gold=float(row["gold"]),
                silver=float(row["silver"]),
                bronze=float(row["bronze"]),
                median=float(row["median"]),
                is_lower_better=row["is_lower_better"] == "true",
            )
            for row in csv.DictReader(handle)
        }


def get_thresholds(competition_id: str, leaderboards_dir: Path | None = None) -> Thresholds:
    """Thresholds from a user's leaderboard folder if it has this competition, else shipped."""
    folder = leaderboards_dir or (
        Path(os.environ[LEADERBOARDS_ENV]) if os.environ.get(LEADERBOARDS_ENV) else None
    )
    if folder is not None:
        found = leaderboard_file(folder, competition_id)
        if found is not None:
            return thresholds_from_leaderboard(found)
    try:
        return load_thresholds()[competition_id]
    except KeyError:
        raise MissingLeaderboardError(
            f"no leaderboard thresholds for {competition_id!r} in {THRESHOLDS_CSV}"
            + (f" or {folder}" if folder else "")
            + "; give a folder of leaderboards with --leaderboards or $"
            + LEADERBOARDS_ENV
        ) from None


def write_thresholds_table(leaderboards_dir: Path, table: Path = THRESHOLDS_CSV) -> int:
    """Derive the table from a folder of ``<id>.csv`` leaderboards; returns the row count."""
    from mle_pipeline.atomic import atomic_path

    rows = []
    for path in sorted(leaderboards_dir.glob("*.csv")):
        t = thresholds_from_leaderboard(path)
        rows.append(
            [
                path.stem,
                t.n_teams,
                repr(t.gold),
                repr(t.silver),
                repr(t.bronze),
                repr(t.median),
                "true" if t.is_lower_better else "false",
            ]
        )
    with atomic_path(table) as tmp, open(tmp, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    load_thresholds.cache_clear()
    return len(rows)
