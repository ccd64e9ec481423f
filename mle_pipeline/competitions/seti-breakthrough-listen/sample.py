"""Synthetic seti-breakthrough-listen download: train_labels.csv, sample_submission.csv,
train/<first char>/<id>.npy, test/<first char>/<id>.npy and old_leaky_data/.

Each cadence is Kaggle's float16 array of 6 spectrograms (273 time steps x 256 frequency
bins), ids 15 hex digits. Cadences with ``target`` 1 carry a drifting narrow-band line in
the three "on" observations (0, 2, 4) only, so a model on the on/off difference learns them.
About 10 % are positive (Kaggle's share). ``old_leaky_data/`` holds a few files in the
layout of the withdrawn first release.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

SHAPE = (6, 273, 256)


def _cadence(gen: np.random.Generator, signal: bool, shape: tuple[int, int, int]) -> np.ndarray:
    frames = gen.normal(0, 1, shape)
    if signal:
        steps, bins = shape[1], shape[2]
        start, drift = gen.uniform(20, bins - 20), gen.uniform(-0.05, 0.05)
        for frame in (0, 2, 4):
            rows = np.arange(steps)
            cols = np.clip((start + drift * (rows + frame * steps)).astype(int), 0, bins - 1)
            frames[frame, rows, cols] += 4.0
    return frames.astype(np.float16)


def _write(gen, ids, targets, folder: Path, shape) -> None:
    for file_id, target in zip(ids, targets, strict=True):
        path = folder / file_id[0] / f"{file_id}.npy"
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, _cadence(gen, bool(target), shape))


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 60,
    n_test: int = 6,
    n_old: int = 4,
    shape: tuple[int, int, int] = SHAPE,
) -> None:
    gen = rng(seed, "seti-breakthrough-listen")
    ids = hex_ids(gen, n_train + n_test + n_old, 15)
    train_ids, test_ids, old_ids = ids[:n_train], ids[n_train:-n_old], ids[-n_old:]
    targets = (gen.random(n_train) < 0.1).astype(int)
    targets[:2] = [1, 0]  # both classes, whatever the size
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame({"id": train_ids, "target": targets}), out_dir / "train_labels.csv")
    write_csv(pd.DataFrame({"id": test_ids, "target": 0.5}), out_dir / "sample_submission.csv")
    _write(gen, train_ids, targets, out_dir / "train", shape)
    _write(gen, test_ids, np.zeros(len(test_ids), int), out_dir / "test", shape)
    old = out_dir / "old_leaky_data"
    old_targets = np.array([1, 0] * n_old)[:n_old]
    write_csv(pd.DataFrame({"id": old_ids, "target": old_targets}), old / "train_labels_old.csv")
    write_csv(pd.DataFrame({"id": old_ids, "target": 0.5}), old / "sample_submission_old.csv")
    _write(gen, old_ids, old_targets, old / "train_old", shape)
