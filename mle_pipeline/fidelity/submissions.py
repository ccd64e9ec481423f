"""The fixed submissions every competition is scored on: gold, sample and perturbations.

Built from a prepared competition (its answers and sample submission) by the same rules for
every competition, so their scores can be recorded once (``expected_scores.yaml``) and a
grader that returns a constant, ignores ids or mixes up columns is caught.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from mle_pipeline.atomic import atomic_path
from mle_pipeline.grading.grade import load_answers, read_table
from mle_pipeline.registry import Competition

DESCRIPTIONS = {
    "perfect": "the grader's gold_submission (the answers in the sample submission's format)",
    "sample_submission": "the competition's public sample_submission.csv as prepared",
    "rolled": "perfect with every column but the first moved down one row (the last to the top)",
    "half_perfect": "the first half of the rows from perfect, the rest from the sample submission",
    "perfect_float_ids": "perfect with its integer, unique first column as floats (3 -> 3.0)",
    "columns_reversed": "perfect with every column but the first in reverse order",
    "duplicated_id": "perfect with the last row's first column set to the first row's",
    "first_column_last": "perfect with its first column moved to the end",
    "one_prediction_empty": "perfect with the first row's second column left empty",
}


def gold_submission(competition: Competition, answers: pd.DataFrame, sample: pd.DataFrame):
    grade_module = importlib.import_module(f"mle_pipeline.competitions.{competition.id}.grade")
    return grade_module.gold_submission(answers, sample)


def _rolled(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    rolled = gold.copy()
    for column in gold.columns[1:]:
        values = gold[column].to_numpy()
        rolled[column] = [values[-1], *values[:-1]] if len(values) else values
    return rolled


def _aligned_to(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Gold's rows in the sample's row order, by the first column unique in both (if any)."""
    for column in gold.columns:
        if column not in sample.columns:
            continue
        keys, sample_keys = gold[column], sample[column]
        if keys.is_unique and sample_keys.is_unique and set(keys) == set(sample_keys):
            return (
                gold.set_index(column, drop=False)
                .loc[sample_keys.to_numpy()]
                .reset_index(drop=True)
            )
    return gold.reset_index(drop=True)


def _half_perfect(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    aligned = _aligned_to(gold, sample)
    half = len(aligned) // 2
    rest = sample.reset_index(drop=True).iloc[half:][list(aligned.columns)]
    return pd.concat([aligned.iloc[:half], rest], ignore_index=True)


def _float_ids(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame | None:
    first = gold.columns[0]
    if gold[first].dtype.kind not in "iu" or not gold[first].is_unique:
        return None  # not applicable: the first column is not an integer id
    return gold.astype({first: float})


def _columns_reversed(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return gold[[gold.columns[0], *reversed(gold.columns[1:])]]


def _duplicated_id(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    duplicated = gold.copy()
    first = gold.columns[0]
    duplicated.loc[duplicated.index[-1], first] = gold[first].iloc[0]
    return duplicated


def _first_column_last(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return gold[[*gold.columns[1:], gold.columns[0]]]


def _one_prediction_empty(gold: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    emptied = gold.astype({gold.columns[1]: object})
    emptied.iloc[0, 1] = None
    return emptied


PERTURBATIONS: dict[str, Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame | None]] = {
    "rolled": _rolled,
    "half_perfect": _half_perfect,
    "perfect_float_ids": _float_ids,
    "columns_reversed": _columns_reversed,
    "duplicated_id": _duplicated_id,
    "first_column_last": _first_column_last,
    "one_prediction_empty": _one_prediction_empty,
}


def write_submissions(competition: Competition, prepared: Path, out_dir: Path) -> dict[str, Path]:
    """Write the fixed submissions for a prepared competition; returns name -> CSV path.

    A perturbation that does not apply to the competition (``perfect_float_ids`` without an
    integer first column) is left out.
    """
    answers = load_answers(prepared / competition.answers)
    sample_path = prepared / competition.sample_submission
    sample = read_table(sample_path)
    gold = gold_submission(competition, answers, sample)
    frames: dict[str, pd.DataFrame | None] = {"perfect": gold}
    frames.update({name: make(gold, sample) for name, make in PERTURBATIONS.items()})
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"sample_submission": sample_path}
    for name, frame in frames.items():
        if frame is None:
            continue
        path = out_dir / f"{name}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False)
        paths[name] = path
    return dict(sorted(paths.items(), key=lambda item: list(DESCRIPTIONS).index(item[0])))
