"""Synthetic plant-seedlings-classification download: ``train/<species>/<id>.png`` for the
twelve species, ``test/<id>.png`` and ``sample_submission.csv`` (file, species).

Each species has its own leaf colour on a soil-brown background, so a model on mean colours
learns it. Photos are small PNGs (Kaggle's are larger and vary in size).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

SPECIES = [
    "Black-grass", "Charlock", "Cleavers", "Common Chickweed", "Common wheat", "Fat Hen",
    "Loose Silky-bent", "Maize", "Scentless Mayweed", "Shepherds Purse",
    "Small-flowered Cranesbill", "Sugar beet",
]  # fmt: skip
SIZE = 16


def _photo(gen: np.random.Generator, species: int) -> np.ndarray:
    pixels = np.empty((SIZE, SIZE, 3))
    pixels[:] = (110, 80, 50)
    leaf = gen.random((SIZE, SIZE)) < 0.4
    colour = np.array([40 + 15 * species, 200 - 8 * species, 30 + 10 * (species % 4)])
    pixels[leaf] = colour
    return pixels + gen.normal(0, 10, pixels.shape)


def generate(out_dir: Path, seed: int = 0, n_train: int = 240, n_test: int = 20) -> None:
    gen = rng(seed, "plant-seedlings-classification")
    names = hex_ids(gen, n_train + n_test, length=9)
    for name, species in zip(names[:n_train], gen.integers(0, len(SPECIES), n_train), strict=True):
        write_image(_photo(gen, int(species)), out_dir / "train" / SPECIES[species] / f"{name}.png")
    test_names = [f"{name}.png" for name in names[n_train:]]
    for name in test_names:
        write_image(_photo(gen, int(gen.integers(0, len(SPECIES)))), out_dir / "test" / name)
    sample = pd.DataFrame({"file": test_names, "species": "Sugar beet"})
    write_csv(sample, out_dir / "sample_submission.csv")
