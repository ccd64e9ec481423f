"""ventilator-pressure-prediction: 10 % of the breaths (breath_id groups) become the test set.

As in MLE-bench: the distinct breath_ids, in sorted order, are split with scikit-learn
(random_state 0); each part lists its breaths in the split's shuffled order, each breath's
rows in file order; ids are renumbered from 1 in each part; floats are written with
``%.10g``. The sample submission predicts a pressure of 0 everywhere.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import read_csv, write_csv

DTYPES = {
    "id": "int32",
    "breath_id": "int32",
    "R": "int8",
    "C": "int8",
    "time_step": "float64",
    "u_in": "float64",
    "u_out": "int8",
    "pressure": "float64",
}
FLOAT_FORMAT = "%.10g"


def _rows_of(breaths: pd.DataFrame, rows_by_breath: dict, chosen: np.ndarray) -> pd.DataFrame:
    rows = np.concatenate([rows_by_breath[b] for b in chosen])
    part = breaths.take(rows)
    part["id"] = np.arange(1, len(part) + 1, dtype=np.int32)
    return part


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format=FLOAT_FORMAT)


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    breaths = read_csv(path, list(DTYPES), dtype=DTYPES)
    rows_by_breath = breaths.groupby("breath_id", sort=True).indices  # row positions
    train_breaths, test_breaths = train_test_split(
        np.array(list(rows_by_breath)), test_size=0.1, random_state=0
    )
    train = _rows_of(breaths, rows_by_breath, train_breaths)
    test = _rows_of(breaths, rows_by_breath, test_breaths)

    sample = test[["id"]].copy()
    sample["pressure"] = 0
    _write(train, public / "train.csv")
    _write(test.drop(columns=["pressure"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    _write(test, private / "test.csv")
