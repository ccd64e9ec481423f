"""Synthetic imet-2020-fgvc7 download: train.csv (``id``, space-separated
``attribute_ids``), labels.csv (``attribute_id``, ``attribute_name``),
sample_submission.csv, and small PNG artwork images in ``train/`` and ``test/`` named
``<32 hex digits>.png``.

Each artwork has one culture (its background colour) and one to three tags (each a
coloured square at a place of its own), so the attributes can be read off the image.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

CULTURES = ["american", "british", "french", "japanese", "egyptian", "italian"]
TAGS = ["men", "women", "flowers", "trees", "birds", "horses", "boats", "dogs"]
SIZE = 32


def _artwork(gen: np.random.Generator, culture: int, tags: list[int]) -> np.ndarray:
    background = np.asarray([40 * culture, 255 - 40 * culture, 128])
    pixels = background + gen.normal(0, 12, (SIZE, SIZE, 3))
    for tag in tags:
        row, col = divmod(tag, 4)
        pixels[4 + 14 * row : 12 + 14 * row, 2 + 7 * col : 7 + 7 * col] = [255, 255, 255]
    return pixels


def _attributes(gen: np.random.Generator) -> tuple[int, list[int]]:
    tags = sorted(gen.choice(len(TAGS), int(gen.integers(1, 4)), replace=False).tolist())
    return int(gen.integers(len(CULTURES))), tags


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 10) -> None:
    gen = rng(seed, "imet-2020-fgvc7")
    names = [f"culture::{c}" for c in CULTURES] + [f"tag::{t}" for t in TAGS]
    labels = pd.DataFrame({"attribute_id": range(len(names)), "attribute_name": names})
    ids = hex_ids(gen, n_train + n_test)
    drawn = [_attributes(gen) for _ in ids]

    attribute_ids = [
        " ".join(str(a) for a in [culture, *(len(CULTURES) + t for t in tags)])
        for culture, tags in drawn[:n_train]
    ]
    train = pd.DataFrame({"id": ids[:n_train], "attribute_ids": attribute_ids})
    write_csv(train, out_dir / "train.csv")
    write_csv(labels, out_dir / "labels.csv")
    sample = pd.DataFrame({"id": ids[n_train:], "attribute_ids": "0 1 2"})
    write_csv(sample, out_dir / "sample_submission.csv")
    for index, (image_id, (culture, tags)) in enumerate(zip(ids, drawn, strict=True)):
        folder = "train" if index < n_train else "test"
        write_image(_artwork(gen, culture, tags), out_dir / folder / f"{image_id}.png")
