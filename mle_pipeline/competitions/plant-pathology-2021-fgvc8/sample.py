"""Synthetic plant-pathology-2021-fgvc8 download: train.csv (``image``, space-separated
``labels``), sample_submission.csv, and small JPEG leaf photos in ``train_images/`` and
``test_images/`` named ``<16 hex digits>.jpg``.

A leaf is a green ellipse; each disease adds spots of its own colour, and a leaf may carry
two diseases (e.g. ``scab frog_eye_leaf_spot``), as in Kaggle's labels.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

LABELS = [
    "healthy", "scab", "frog_eye_leaf_spot", "rust", "complex", "powdery_mildew",
    "scab frog_eye_leaf_spot", "rust frog_eye_leaf_spot",
]  # fmt: skip
SPOTS = {
    "scab": [70, 50, 35],
    "frog_eye_leaf_spot": [200, 200, 190],
    "rust": [230, 120, 30],
    "complex": [120, 20, 120],
    "powdery_mildew": [240, 240, 255],
}
HEIGHT, WIDTH = 24, 36


def _leaf(gen: np.random.Generator, labels: str) -> np.ndarray:
    pixels = gen.uniform(60, 200, 3) + gen.normal(0, 10, (HEIGHT, WIDTH, 3))
    yy, xx = np.mgrid[:HEIGHT, :WIDTH]
    leaf = ((yy - HEIGHT / 2) / 10) ** 2 + ((xx - WIDTH / 2) / 16) ** 2 <= 1
    pixels[leaf] = [70.0, 150.0, 60.0] + gen.normal(0, 10, (int(leaf.sum()), 3))
    for disease in labels.split():
        for _ in range(int(gen.integers(3, 6)) if disease in SPOTS else 0):
            cy, cx = gen.uniform(6, HEIGHT - 6), gen.uniform(8, WIDTH - 8)
            spot = (yy - cy) ** 2 + (xx - cx) ** 2 <= gen.uniform(2, 5)
            pixels[spot] = np.asarray(SPOTS[disease]) + gen.normal(0, 10, 3)
    return pixels


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 3) -> None:
    gen = rng(seed, "plant-pathology-2021-fgvc8")
    ids = [f"{name[:16]}.jpg" for name in hex_ids(gen, n_train + n_test)]
    train = pd.DataFrame({"image": ids[:n_train], "labels": gen.choice(LABELS, n_train)})
    test_ids = ids[n_train:]

    write_csv(train, out_dir / "train.csv")
    sample = pd.DataFrame({"image": test_ids, "labels": "healthy"})
    write_csv(sample, out_dir / "sample_submission.csv")
    for image, labels in zip(train["image"], train["labels"], strict=True):
        write_image(_leaf(gen, labels), out_dir / "train_images" / image)
    for image in test_ids:
        write_image(_leaf(gen, str(gen.choice(LABELS))), out_dir / "test_images" / image)
