"""Synthetic tgs-salt-identification-challenge download, in Kaggle's layout.

``competition_data.zip`` holds ``competition_data/`` with train.csv (``id,rle_mask``),
depths.csv, sample_submission.csv, ``train/images``, ``train/masks`` and ``test/images``
(101 x 101 PNGs); beside it are Kaggle's top-level copies: depths.csv (``id,z`` for every
image), train.csv, sample_submission.csv, train.zip (``images/``, ``masks/``) and test.zip
(``images/``). Kaggle's unrelated ``flamingo.zip`` is left out.

Salt shows as a brighter, smoother region below a wavy boundary (absent in about a third of
the images), so pixels carry the mask; deeper images hold more salt.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.archive import zip_folder
from mle_pipeline.sources.synthetic import (
    hex_ids,
    rle_encode,
    rng,
    write_csv,
    write_image,
    zip_tree,
)

SIZE = 101


def _image(gen: np.random.Generator, depth: int) -> tuple[np.ndarray, np.ndarray]:
    mask = np.zeros((SIZE, SIZE), dtype=bool)
    if gen.random() < 0.3 + 0.5 * depth / 1000:
        level = gen.uniform(10, 90)
        wave = level + 8 * np.sin(np.arange(SIZE) / gen.uniform(6, 20) + gen.uniform(0, 6))
        mask = np.arange(SIZE)[:, None] > wave[None, :]
    pixels = 90 + gen.normal(0, 25, (SIZE, SIZE))
    pixels[mask] = 160 + gen.normal(0, 8, int(mask.sum()))
    return pixels, mask


def generate(out_dir: Path, seed: int = 0, n_train: int = 120, n_test: int = 40) -> None:
    gen = rng(seed, "tgs-salt-identification-challenge")
    ids = hex_ids(gen, n_train + n_test, length=10)
    depths = gen.integers(50, 960, n_train + n_test)
    work = out_dir / "competition_data"
    rles = []
    for index, (image_id, depth) in enumerate(zip(ids, depths, strict=True)):
        pixels, mask = _image(gen, int(depth))
        part = "train" if index < n_train else "test"
        write_image(pixels, work / part / "images" / f"{image_id}.png")
        if part == "train":
            write_image(mask * 255, work / "train" / "masks" / f"{image_id}.png")
            rles.append(rle_encode(mask))
    train = pd.DataFrame({"id": ids[:n_train], "rle_mask": rles})
    sample = pd.DataFrame({"id": ids[n_train:], "rle_mask": "1 1"})
    depth_table = pd.DataFrame({"id": ids, "z": depths})
    for folder in (work, out_dir):
        write_csv(train, folder / "train.csv")
        write_csv(sample, folder / "sample_submission.csv")
        write_csv(depth_table, folder / "depths.csv")
    for part in ("train", "test"):  # images/ (and masks/) at the zip's top level
        zip_folder(work / part, out_dir / f"{part}.zip")
    zip_tree(work, out_dir / "competition_data.zip")
