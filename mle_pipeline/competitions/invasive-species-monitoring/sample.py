"""Synthetic invasive-species-monitoring download: ``train.7z`` (``train/<n>.jpg``),
``test.7z`` (``test/<n>.jpg``), ``train_labels.csv.zip`` (name, invasive) and
``sample_submission.csv.zip`` (name, invasive).

Photos with invasive hydrangea are bluer, so a model on mean colours learns them.
"""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.archive import seven_zip_folder
from mle_pipeline.sources.synthetic import rng, write_csv, write_image, zip_single

SIZE = 16


def _photo(gen: np.random.Generator, invasive: int) -> np.ndarray:
    pixels = np.empty((SIZE, SIZE, 3))
    pixels[:] = (50, 120, 45)
    flowers = gen.random((SIZE, SIZE)) < (0.35 if invasive else 0.05)
    pixels[flowers] = (120, 140, 230)
    return pixels + gen.normal(0, 12, pixels.shape)


def generate(out_dir: Path, seed: int = 0, n_train: int = 200, n_test: int = 20) -> None:
    gen = rng(seed, "invasive-species-monitoring")
    labels = pd.DataFrame(
        {"name": np.arange(1, n_train + 1), "invasive": (gen.random(n_train) < 0.63).astype(int)}
    )
    for name, invasive in zip(labels["name"], labels["invasive"], strict=True):
        write_image(_photo(gen, int(invasive)), out_dir / "train" / f"{name}.jpg")
    for name in range(1, n_test + 1):
        write_image(_photo(gen, int(gen.random() < 0.6)), out_dir / "test" / f"{name}.jpg")
    for folder in ("train", "test"):
        seven_zip_folder(out_dir / folder, out_dir / f"{folder}.7z")
        shutil.rmtree(out_dir / folder)
    write_csv(labels, out_dir / "train_labels.csv")
    zip_single(out_dir / "train_labels.csv")
    write_csv(
        pd.DataFrame({"name": range(1, n_test + 1), "invasive": 0.5}),
        out_dir / "sample_submission.csv",
    )
    zip_single(out_dir / "sample_submission.csv")
