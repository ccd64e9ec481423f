"""Synthetic tabular-playground-series-may-2022 download: train.csv, test.csv, sample_submission."""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, sigmoid, write_csv

FLOATS = [f"f_{i:02d}" for i in range(7)] + [f"f_{i:02d}" for i in range(19, 27)] + ["f_28"]
INTS = [f"f_{i:02d}" for i in range(7, 19)] + ["f_29", "f_30"]
ALPHABET = np.array(list("ABCDEFGHIJKLMNOPQRST"))


def _rows(gen: np.random.Generator, n: int, first_id: int) -> pd.DataFrame:
    columns: dict[str, object] = {"id": np.arange(first_id, first_id + n)}
    for name in sorted(FLOATS + INTS + ["f_27"]):
        if name == "f_27":
            columns[name] = ["".join(gen.choice(ALPHABET, 10)) for _ in range(n)]
        elif name in INTS:
            columns[name] = gen.integers(0, 12, n)
        else:
            columns[name] = gen.normal(0, 1.5, n)
    return pd.DataFrame(columns)


def generate(out_dir: Path, seed: int = 0, n_train: int = 900, n_test: int = 200) -> None:
    gen = rng(seed, "tabular-playground-series-may-2022")
    train = _rows(gen, n_train, 0)
    logit = (
        train["f_00"] - 0.8 * train["f_21"] + 0.3 * (train["f_29"] - 0.5) + 0.2 * train["f_08"] - 2
    )
    train["target"] = (gen.random(n_train) < sigmoid(logit.to_numpy(dtype=float))).astype(int)
    test = _rows(gen, n_test, n_train)
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "target": 0.5}), out_dir / "sample_submission.csv")
