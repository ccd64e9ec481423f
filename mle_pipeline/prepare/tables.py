"""Shared helpers for competition ``prepare`` functions.

They read and write CSVs exactly as MLE-bench does (pandas with round-trip float parsing,
``index=False`` on write) and split with scikit-learn's ``train_test_split``, so the same
raw data gives byte-identical files to MLE-bench's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


def read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """Read a CSV with round-trip float precision (what MLE-bench's preparers use)."""
    kwargs.setdefault("float_precision", "round_trip")
    return pd.read_csv(path, **kwargs)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write without the index, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def split_rows(
    frame: pd.DataFrame, test_size: float | int, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shuffle-split rows into (train, test) with scikit-learn, copying both parts."""
    train, test = train_test_split(frame, test_size=test_size, random_state=random_state)
    return train.copy(), test.copy()


def one_hot(
    frame: pd.DataFrame, id_column: str, target_column: str, classes: Sequence[str]
) -> pd.DataFrame:
    """One row per id, one 0/1 integer column per class (in the given order)."""
    encoded = pd.DataFrame(0, index=frame.index, columns=[id_column, *classes])
    encoded[id_column] = frame[id_column]
    codes = pd.Categorical(frame[target_column], categories=list(classes)).codes
    if (codes < 0).any():
        unknown = sorted(set(frame[target_column]) - set(classes))
        raise ValueError(f"labels outside the class list: {unknown[:5]}")
    matrix = np.zeros((len(frame), len(classes)), dtype=np.int64)
    matrix[np.arange(len(frame)), codes] = 1
    encoded[list(classes)] = matrix
    return encoded


def copy_file(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def scratch_dir(public: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder beside the prepared output, for nested archives.

    Nested archives are extracted here rather than into ``raw/`` so raw data stays exactly
    as downloaded (and its checksums stay valid); it is on the data disk, not ``/tmp``.
    """
    return tempfile.TemporaryDirectory(prefix=".scratch-", dir=public.parent)
