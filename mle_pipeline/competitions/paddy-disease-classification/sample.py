"""Synthetic paddy-disease-classification download: train.csv (image_id, label, variety,
age), sample_submission.csv (image_id, label), ``train_images/<label>/<id>.jpg`` and
``test_images/<id>.jpg``.

Each disease tints the leaf its own way, so a model on mean colours learns it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

LABELS = [
    "bacterial_leaf_blight", "bacterial_leaf_streak", "bacterial_panicle_blight", "blast",
    "brown_spot", "dead_heart", "downy_mildew", "hispa", "normal", "tungro",
]  # fmt: skip
VARIETIES = ["ADT45", "KarnatakaPonni", "Ponni", "AtchayaPonni", "Zonal", "AndraPonni", "RR"]
SIZE = 16


def _photo(gen: np.random.Generator, label: int) -> np.ndarray:
    pixels = np.empty((SIZE, SIZE, 3))
    pixels[:] = (60, 150, 50)
    spots = gen.random((SIZE, SIZE)) < 0.3
    pixels[spots] = (30 + 20 * label, 170 - 12 * label, 40 + 8 * (label % 3))
    return pixels + gen.normal(0, 8, pixels.shape)


def generate(out_dir: Path, seed: int = 0, n_train: int = 240, n_test: int = 20) -> None:
    gen = rng(seed, "paddy-disease-classification")
    numbers = gen.choice(np.arange(100000, 200000), n_train + n_test, replace=False)
    names = [f"{n}.jpg" for n in numbers]
    labels = gen.integers(0, len(LABELS), n_train)
    train = pd.DataFrame(
        {
            "image_id": names[:n_train],
            "label": [LABELS[i] for i in labels],
            "variety": gen.choice(VARIETIES, n_train),
            "age": gen.choice([45, 50, 55, 60, 65, 70, 75, 80], n_train),
        }
    )
    write_csv(train, out_dir / "train.csv")
    write_csv(
        pd.DataFrame({"image_id": names[n_train:], "label": ""}), out_dir / "sample_submission.csv"
    )
    for name, label in zip(train["image_id"], labels, strict=True):
        write_image(_photo(gen, int(label)), out_dir / "train_images" / LABELS[label] / name)
    for name in names[n_train:]:
        write_image(_photo(gen, int(gen.integers(0, len(LABELS)))), out_dir / "test_images" / name)
