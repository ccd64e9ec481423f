"""Synthetic histopathologic-cancer-detection download: train_labels.csv,
sample_submission.csv and small RGB TIFF patches in train/ and test/ named ``<id>.tif``
(40-hex ids, as on Kaggle; Kaggle's patches are 96x96, these 32x32).

Tissue is pink; a tumour patch has a cluster of dark purple nuclei in its centre.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

SIZE = 32


def _patch(gen: np.random.Generator, tumour: bool) -> np.ndarray:
    pixels = np.array([225.0, 170.0, 205.0]) + gen.normal(0, 14, (SIZE, SIZE, 3))
    n_nuclei = int(gen.integers(6, 12)) if tumour else int(gen.integers(0, 4))
    yy, xx = np.mgrid[:SIZE, :SIZE]
    for _ in range(n_nuclei):
        cy, cx = gen.uniform(10, SIZE - 10, 2)
        nucleus = (yy - cy) ** 2 + (xx - cx) ** 2 <= gen.uniform(2, 6)
        pixels[nucleus] = [85.0, 40.0, 120.0] + gen.normal(0, 10, 3)
    return pixels


def generate(out_dir: Path, seed: int = 0, n_train: int = 120, n_test: int = 40) -> None:
    gen = rng(seed, "histopathologic-cancer-detection")
    ids = hex_ids(gen, n_train + n_test, length=40)
    train_ids, test_ids = ids[:n_train], ids[n_train:]
    labels = (gen.random(n_train) < 0.4).astype(int)

    write_csv(pd.DataFrame({"id": train_ids, "label": labels}), out_dir / "train_labels.csv")
    write_csv(pd.DataFrame({"id": test_ids, "label": 0}), out_dir / "sample_submission.csv")
    for image_id, tumour in zip(train_ids, labels, strict=True):
        write_image(_patch(gen, bool(tumour)), out_dir / "train" / f"{image_id}.tif")
    for image_id in test_ids:
        write_image(_patch(gen, bool(gen.random() < 0.4)), out_dir / "test" / f"{image_id}.tif")
