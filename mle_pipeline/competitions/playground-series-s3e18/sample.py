"""Synthetic playground-series-s3e18 download: train.csv, test.csv, sample_submission.csv.

31 molecular descriptors (Kaggle's column names) and six binary enzyme classes EC1..EC6;
EC1 and EC2 depend on a few descriptors so a simple model beats chance.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, sigmoid, write_csv

FEATURES = [
    "BertzCT", "Chi1", "Chi1n", "Chi1v", "Chi2n", "Chi2v", "Chi3v", "Chi4n", "EState_VSA1",
    "EState_VSA2", "ExactMolWt", "FpDensityMorgan1", "FpDensityMorgan2", "FpDensityMorgan3",
    "HallKierAlpha", "HeavyAtomMolWt", "Kappa3", "MaxAbsEStateIndex", "MinEStateIndex",
    "NumHeteroatoms", "PEOE_VSA10", "PEOE_VSA14", "PEOE_VSA6", "PEOE_VSA7", "PEOE_VSA8",
    "SMR_VSA10", "SMR_VSA5", "SlogP_VSA3", "VSA_EState9", "fr_COO", "fr_COO2",
]  # fmt: skip
INTEGER_FEATURES = {"NumHeteroatoms", "fr_COO", "fr_COO2"}


def _rows(gen: np.random.Generator, n: int, first_id: int) -> pd.DataFrame:
    columns: dict[str, object] = {"id": np.arange(first_id, first_id + n)}
    for name in FEATURES:
        if name in INTEGER_FEATURES:
            columns[name] = gen.integers(0, 8, n)
        else:
            columns[name] = np.round(gen.gamma(2.0, 5.0, n), 6)
    return pd.DataFrame(columns)


def generate(out_dir: Path, seed: int = 0, n_train: int = 1_000, n_test: int = 200) -> None:
    gen = rng(seed, "playground-series-s3e18")
    train = _rows(gen, n_train, 0)
    logits = {
        "EC1": 0.15 * (train["Chi1"] - 10) - 0.3 * (train["fr_COO"] - 3.5) + 0.8,
        "EC2": 0.12 * (train["BertzCT"] - 10) + 0.2 * (train["NumHeteroatoms"] - 3.5) + 1.4,
    }
    for label in [f"EC{i}" for i in range(1, 7)]:
        logit = logits.get(label, pd.Series(-2.0, index=train.index)).to_numpy(dtype=float)
        train[label] = (gen.random(n_train) < sigmoid(logit)).astype(int)
    test = _rows(gen, n_test, n_train)
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    sample = pd.DataFrame({"id": test["id"], "EC1": 0.5, "EC2": 0.5})
    write_csv(sample, out_dir / "sample_submission.csv")
