"""Synthetic aerial-cactus-identification download: train.csv, sample_submission.csv and
32x32 JPEG thumbnails in nested zips (``train.zip`` -> ``train/<id>.jpg``, same for test).

A cactus shows as a dark green vertical stripe on sandy ground, so pixels carry the label.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image, zip_tree

SIZE = 32


def _thumbnail(gen: np.random.Generator, cactus: bool) -> np.ndarray:
    ground = np.array([150.0, 130.0, 100.0]) + gen.normal(0, 12, 3)
    pixels = ground + gen.normal(0, 14, (SIZE, SIZE, 3))
    if cactus:
        left = int(gen.integers(4, SIZE - 10))
        width = int(gen.integers(3, 7))
        top, bottom = int(gen.integers(0, 10)), int(gen.integers(22, SIZE + 1))
        pixels[top:bottom, left : left + width] = [60, 95, 55] + gen.normal(0, 8, 3)
    return pixels


def _write_images(gen: np.random.Generator, ids: list[str], labels, folder: Path) -> None:
    for image_id, cactus in zip(ids, labels, strict=True):
        write_image(_thumbnail(gen, bool(cactus)), folder / image_id)


def generate(out_dir: Path, seed: int = 0, n_train: int = 120, n_test: int = 40) -> None:
    gen = rng(seed, "aerial-cactus-identification")
    ids = [f"{h}.jpg" for h in hex_ids(gen, n_train + n_test)]
    train_ids, test_ids = ids[:n_train], ids[n_train:]
    has_cactus = (gen.random(n_train) < 0.75).astype(int)

    write_csv(pd.DataFrame({"id": train_ids, "has_cactus": has_cactus}), out_dir / "train.csv")
    write_csv(pd.DataFrame({"id": test_ids, "has_cactus": 0.5}), out_dir / "sample_submission.csv")
    _write_images(gen, train_ids, has_cactus, out_dir / "train")
    _write_images(gen, test_ids, gen.random(n_test) < 0.75, out_dir / "test")
    zip_tree(out_dir / "train", out_dir / "train.zip")
    zip_tree(out_dir / "test", out_dir / "test.zip")
