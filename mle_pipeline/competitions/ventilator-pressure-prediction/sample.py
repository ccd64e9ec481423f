"""Synthetic ventilator-pressure-prediction download: train.csv, test.csv, sample_submission.csv.

Kaggle's files have one row per time step, 80 per breath: id (1, 2, ... over the file),
breath_id (increasing, with gaps), R (5, 20, 50) and C (10, 20, 50) of the simulated lung,
time_step (seconds), u_in (inspiratory valve, 0-100), u_out (0 while breathing in, then 1)
and, in train, pressure. Here the pressure follows a simple lung model (resistance times
flow plus volume over compliance), so the inputs predict it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

STEPS = 80


def _breaths(gen: np.random.Generator, n: int, first_breath: int, first_id: int) -> pd.DataFrame:
    breath_ids = first_breath + np.cumsum(gen.integers(1, 3, n))
    frames = []
    for breath in breath_ids:
        r, c = int(gen.choice([5, 20, 50])), int(gen.choice([10, 20, 50]))
        time = np.cumsum(np.r_[0.0, gen.normal(0.0335, 0.0005, STEPS - 1)])
        inspiring = np.arange(STEPS) < int(gen.integers(28, 33))
        u_in = np.where(inspiring, np.clip(gen.normal(20, 8) * np.exp(-time), 0, 100), 0.0)
        u_in = np.abs(u_in + gen.normal(0, 0.5, STEPS) * inspiring)
        volume = np.cumsum(u_in * np.r_[0.0, np.diff(time)])
        pressure = 5 + r * u_in / 60 + volume * 20 / c
        pressure = np.where(inspiring, pressure, 5 + 2 * np.exp(-(time - time[inspiring][-1])))
        frames.append(
            pd.DataFrame(
                {
                    "breath_id": breath,
                    "R": r,
                    "C": c,
                    "time_step": time,
                    "u_in": u_in,
                    "u_out": (~inspiring).astype(int),
                    "pressure": pressure + gen.normal(0, 0.1, STEPS),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(0, "id", np.arange(first_id, first_id + len(frame)))
    return frame


def generate(out_dir: Path, seed: int = 0, n_breaths: int = 60, n_test_breaths: int = 5) -> None:
    gen = rng(seed, "ventilator-pressure-prediction")
    train = _breaths(gen, n_breaths, first_breath=0, first_id=1)
    test = _breaths(gen, n_test_breaths, first_breath=0, first_id=1).drop(columns=["pressure"])
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "pressure": 0}), out_dir / "sample_submission.csv")
