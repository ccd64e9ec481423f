"""Synthetic dogs-vs-cats-redux download: ``train.zip`` (``train/cat.N.jpg``,
``train/dog.N.jpg``), ``test.zip`` (``test/N.jpg``) and sample_submission.csv.

Small JPEG photos of a few sizes: a cat is a grey blob, a dog a brown one, on a random
background, so the pixels carry the label.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image, zip_tree

COATS = {"cat": np.array([120.0, 120.0, 125.0]), "dog": np.array([150.0, 100.0, 55.0])}


def _photo(gen: np.random.Generator, animal: str) -> np.ndarray:
    height, width = int(gen.choice([24, 32])), int(gen.choice([32, 40]))
    pixels = gen.uniform(30, 230, 3) + gen.normal(0, 12, (height, width, 3))
    yy, xx = np.mgrid[:height, :width]
    cy, cx = gen.uniform(9, height - 9), gen.uniform(9, width - 9)
    body = ((yy - cy) / gen.uniform(5, 9)) ** 2 + ((xx - cx) / gen.uniform(5, 9)) ** 2 <= 1
    pixels[body] = COATS[animal] + gen.normal(0, 15, 3) + gen.normal(0, 10, (int(body.sum()), 3))
    return pixels


def generate(out_dir: Path, seed: int = 0, n_per_animal: int = 80, n_test: int = 40) -> None:
    gen = rng(seed, "dogs-vs-cats-redux-kernels-edition")
    for animal in ("cat", "dog"):
        for number in range(n_per_animal):
            write_image(_photo(gen, animal), out_dir / "train" / f"{animal}.{number}.jpg")
    for number in range(1, n_test + 1):
        animal = "dog" if gen.random() < 0.5 else "cat"
        write_image(_photo(gen, animal), out_dir / "test" / f"{number}.jpg")
    zip_tree(out_dir / "train", out_dir / "train.zip")
    zip_tree(out_dir / "test", out_dir / "test.zip")
    ids = range(1, n_test + 1)
    write_csv(pd.DataFrame({"id": ids, "label": 0.5}), out_dir / "sample_submission.csv")
