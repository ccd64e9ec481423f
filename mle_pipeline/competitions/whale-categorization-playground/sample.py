"""Synthetic whale-categorization-playground download: train.csv (``Image``, ``Id``),
sample_submission.csv, and small JPEG tail photos in ``train/`` and ``test/`` named
``<8 hex digits>.jpg``.

Each whale (``w_<7 hex digits>``) has a fluke pattern of its own: dark sea, a pale tail
with spots at fixed places. Some whales have one photo, others several, and many photos
are labelled ``new_whale``, as in Kaggle's data.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

HEIGHT, WIDTH = 20, 40
GUESS = "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"


def _tail(gen: np.random.Generator, spots: np.ndarray) -> np.ndarray:
    pixels = np.asarray([30.0, 60.0, 90.0]) + gen.normal(0, 10, (HEIGHT, WIDTH, 3))
    pixels[5:15, 4:36] = 220 + gen.normal(0, 10, (10, 32, 3))
    for k, on in enumerate(spots):
        if on:
            pixels[6 + 4 * (k // 8) : 9 + 4 * (k // 8), 5 + 4 * (k % 8) : 8 + 4 * (k % 8)] = 20
    return pixels


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 10, n_whales: int = 60
) -> None:
    gen = rng(seed, "whale-categorization-playground")
    whales = [f"w_{h[:7]}" for h in hex_ids(gen, n_whales)]
    patterns = gen.random((n_whales, 16)) < 0.5
    # A skewed count of photos per whale: many with one or two, a few with many.
    drawn = np.minimum(gen.zipf(1.6, n_train), 10_000) % n_whales
    names = [f"{h[:8]}.jpg" for h in hex_ids(gen, n_train + n_test)]
    is_new = gen.random(n_train) < 0.15
    ids = np.where(is_new, "new_whale", np.asarray(whales)[drawn])

    write_csv(pd.DataFrame({"Image": names[:n_train], "Id": ids}), out_dir / "train.csv")
    sample = pd.DataFrame({"Image": names[n_train:], "Id": GUESS})
    write_csv(sample, out_dir / "sample_submission.csv")
    for name, whale, new in zip(names[:n_train], drawn, is_new, strict=True):
        pattern = gen.random(16) < 0.5 if new else patterns[whale]
        write_image(_tail(gen, pattern), out_dir / "train" / name)
    for name in names[n_train:]:
        write_image(_tail(gen, patterns[int(gen.integers(n_whales))]), out_dir / "test" / name)
