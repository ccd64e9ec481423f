"""Synthetic predict-volcanic-eruptions-ingv-oe download: train.csv (segment_id,
time_to_eruption), ``train/<segment_id>.csv`` and ``test/<segment_id>.csv`` (sensor_1 ..
sensor_10, whole-number readings, some sensors empty) and sample_submission.csv.

Kaggle's segments have 60,001 readings; here ``n_readings`` (default 300). The closer the
eruption, the larger the signal's amplitude, so a model on per-sensor spread learns it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

SENSORS = [f"sensor_{i}" for i in range(1, 11)]


def _segment(gen: np.random.Generator, time_left: float, n: int) -> pd.DataFrame:
    scale = 50 + 2000 * np.exp(-time_left / 1.5e7)
    readings = gen.normal(0, scale, (n, len(SENSORS))).round()
    frame = pd.DataFrame(readings, columns=SENSORS).astype("Int64")
    for column in gen.choice(SENSORS, int(gen.integers(0, 3)), replace=False):
        frame[column] = pd.NA  # a sensor that recorded nothing
    return frame


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 60, n_test: int = 10, n_readings: int = 300
) -> None:
    gen = rng(seed, "predict-volcanic-eruptions-ingv-oe")
    # Drawn by index, not from np.arange over the range (a 17 GB array): the same ids.
    ids = gen.choice(2_147_483_647 - 1_000_000, n_train + n_test, replace=False) + 1_000_000
    times = gen.integers(6_000, 49_000_000, n_train)
    train = pd.DataFrame({"segment_id": ids[:n_train], "time_to_eruption": times})
    write_csv(train, out_dir / "train.csv")
    for segment_id, time_left in zip(train["segment_id"], times, strict=True):
        write_csv(_segment(gen, time_left, n_readings), out_dir / "train" / f"{segment_id}.csv")
    for segment_id in ids[n_train:]:
        time_left = gen.integers(6_000, 49_000_000)
        write_csv(_segment(gen, time_left, n_readings), out_dir / "test" / f"{segment_id}.csv")
    sample = pd.DataFrame({"segment_id": ids[n_train:], "time_to_eruption": 0})
    write_csv(sample, out_dir / "sample_submission.csv")
