"""Synthetic plant-pathology-2020-fgvc7 download: train.csv (one-hot over the four classes),
test.csv, sample_submission.csv and small JPEG leaf photos in ``images/`` named
``Train_<n>.jpg`` and ``Test_<n>.jpg``.

A leaf is a green ellipse; rust adds orange spots, scab dark brown ones, and a leaf with
multiple diseases has both.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]
HEIGHT, WIDTH = 24, 36
SPOTS = {"rust": [230.0, 120.0, 30.0], "scab": [70.0, 50.0, 35.0]}


def _leaf(gen: np.random.Generator, condition: str) -> np.ndarray:
    pixels = gen.uniform(60, 200, 3) + gen.normal(0, 10, (HEIGHT, WIDTH, 3))
    yy, xx = np.mgrid[:HEIGHT, :WIDTH]
    leaf = ((yy - HEIGHT / 2) / 10) ** 2 + ((xx - WIDTH / 2) / 16) ** 2 <= 1
    pixels[leaf] = [70.0, 150.0, 60.0] + gen.normal(0, 10, (int(leaf.sum()), 3))
    diseases = {"rust": ["rust"], "scab": ["scab"], "multiple_diseases": ["rust", "scab"]}
    for disease in diseases.get(condition, []):
        for _ in range(int(gen.integers(3, 6))):
            cy, cx = gen.uniform(6, HEIGHT - 6), gen.uniform(8, WIDTH - 8)
            spot = (yy - cy) ** 2 + (xx - cx) ** 2 <= gen.uniform(2, 5)
            pixels[spot] = SPOTS[disease] + gen.normal(0, 10, 3)
    return pixels


def generate(out_dir: Path, seed: int = 0, n_train: int = 280, n_test: int = 20) -> None:
    gen = rng(seed, "plant-pathology-2020-fgvc7")
    conditions = gen.permutation(np.resize(CLASSES, n_train))
    train = pd.DataFrame({"image_id": [f"Train_{i}" for i in range(n_train)]})
    for name in CLASSES:
        train[name] = (conditions == name).astype(int)
    test_ids = [f"Test_{i}" for i in range(n_test)]

    write_csv(train, out_dir / "train.csv")
    write_csv(pd.DataFrame({"image_id": test_ids}), out_dir / "test.csv")
    sample = pd.DataFrame({"image_id": test_ids, **{name: 0.25 for name in CLASSES}})
    write_csv(sample, out_dir / "sample_submission.csv")
    for image_id, condition in zip(train["image_id"], conditions, strict=True):
        write_image(_leaf(gen, condition), out_dir / "images" / f"{image_id}.jpg")
    for image_id in test_ids:
        write_image(_leaf(gen, str(gen.choice(CLASSES))), out_dir / "images" / f"{image_id}.jpg")
