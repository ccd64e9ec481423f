"""Synthetic tabular-playground-series-dec-2021 download: train.csv, test.csv, sample_submission.

Every column is an integer, as in Kaggle's file; the cover type follows elevation bands
(with some noise) and a few soil and wilderness flags.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

NUMERIC = {
    # column: (low, high) of the uniform draw
    "Aspect": (-30, 400),
    "Slope": (-3, 60),
    "Horizontal_Distance_To_Hydrology": (-80, 1500),
    "Vertical_Distance_To_Hydrology": (-250, 600),
    "Horizontal_Distance_To_Roadways": (-300, 7000),
    "Hillshade_9am": (0, 255),
    "Hillshade_Noon": (50, 255),
    "Hillshade_3pm": (0, 255),
    "Horizontal_Distance_To_Fire_Points": (-250, 7000),
}
WILDERNESS = [f"Wilderness_Area{i}" for i in range(1, 5)]
SOIL = [f"Soil_Type{i}" for i in range(1, 41)]
# Elevation band centre of each cover type (types 4 and 5 are rare on Kaggle too).
BANDS = {1: 3100, 2: 2800, 3: 2350, 4: 2150, 6: 2450, 7: 3400}
SHARES = [0.36, 0.5, 0.06, 0.01, 0.03, 0.04]


def _rows(gen: np.random.Generator, labels: np.ndarray, first_id: int) -> pd.DataFrame:
    n = len(labels)
    centre = np.array([BANDS[label] for label in labels])
    columns: dict[str, np.ndarray] = {
        "Id": np.arange(first_id, first_id + n),
        "Elevation": np.rint(centre + gen.normal(0, 120, n)).astype(np.int64),
    }
    for name, (low, high) in NUMERIC.items():
        columns[name] = gen.integers(low, high, n)
    flags = gen.random((n, len(WILDERNESS) + len(SOIL))) < 0.04
    # A class-linked wilderness area and soil type make the flags informative as well.
    flags[np.arange(n), labels % len(WILDERNESS)] |= gen.random(n) < 0.8
    flags[np.arange(n), len(WILDERNESS) + 3 * labels] |= gen.random(n) < 0.6
    for j, name in enumerate(WILDERNESS + SOIL):
        columns[name] = flags[:, j].astype(np.int64)
    return pd.DataFrame(columns)


def generate(out_dir: Path, seed: int = 0, n_train: int = 600, n_test: int = 150) -> None:
    gen = rng(seed, "tabular-playground-series-dec-2021")
    labels = gen.choice(list(BANDS), n_train, p=SHARES)
    train = _rows(gen, labels, 0)
    train["Cover_Type"] = labels
    test = _rows(gen, gen.choice(list(BANDS), n_test, p=SHARES), n_train)
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(pd.DataFrame({"Id": test["Id"], "Cover_Type": 2}), out_dir / "sample_submission.csv")
