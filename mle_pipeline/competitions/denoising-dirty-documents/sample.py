"""Synthetic denoising-dirty-documents download: train.zip, train_cleaned.zip and test.zip
(folders of grey PNGs named ``<number>.png``) and sampleSubmission.csv.zip.

Pages are tiny (20 pixels wide, 15 or 12 high, like Kaggle's two page heights): dark
text strokes on white; the noisy versions add a stain gradient, speckle and fading, so a
per-pixel model can learn to clean them.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image, zip_single, zip_tree

WIDTH = 20
HEIGHTS = (15, 12)


def _clean_page(gen: np.random.Generator, height: int) -> np.ndarray:
    page = np.full((height, WIDTH), 255.0)
    for top in range(1, height - 2, 4):
        col = int(gen.integers(0, 3))
        while col < WIDTH - 2:
            length = int(gen.integers(2, 6))
            page[top : top + 2, col : col + length] = gen.uniform(0, 60)
            col += length + int(gen.integers(1, 3))
    return page


def _dirty(gen: np.random.Generator, page: np.ndarray) -> np.ndarray:
    height, width = page.shape
    stain = np.linspace(0, gen.uniform(40, 110), width)[None, :] * np.ones((height, 1))
    faded = 0.85 * page + 25
    return faded - stain + gen.normal(0, 12, page.shape)


def _sample_submission(names: list[int], heights: dict[int, int]) -> pd.DataFrame:
    ids = [
        f"{name}_{row}_{col}"
        for name in sorted(names)
        for col in range(1, WIDTH + 1)
        for row in range(1, heights[name] + 1)
    ]
    return pd.DataFrame({"id": ids, "value": 1})


def generate(out_dir: Path, seed: int = 0, n_train: int = 30, n_test: int = 10) -> None:
    gen = rng(seed, "denoising-dirty-documents")
    names = [int(n) for n in gen.permutation(np.arange(1, n_train + n_test + 1))]
    heights = {name: int(gen.choice(HEIGHTS)) for name in names}
    for index, name in enumerate(names):
        clean = _clean_page(gen, heights[name])
        folder = "train" if index < n_train else "test"
        write_image(_dirty(gen, clean), out_dir / folder / f"{name}.png")
        if folder == "train":
            write_image(clean, out_dir / "train_cleaned" / f"{name}.png")
    for folder in ("train", "train_cleaned", "test"):
        zip_tree(out_dir / folder, out_dir / f"{folder}.zip")
    write_csv(_sample_submission(names[n_train:], heights), out_dir / "sampleSubmission.csv")
    zip_single(out_dir / "sampleSubmission.csv")
