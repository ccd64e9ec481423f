"""Synthetic hotel-id-2021-fgvc8 download: train.csv (``image``, ``chain``, ``hotel_id``,
``timestamp``), sample_submission.csv, JPEG room photos in ``train_images/<chain>/`` and
``test_images/``, named ``<16 hex digits>.jpg``.

Each hotel's rooms share a wall colour and a bed colour, so a photo tells its hotel. As in
Kaggle's data, image ``ce27d36c9147cc19.jpg`` is listed twice (in two chains).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

DUPLICATED_IMAGE = "ce27d36c9147cc19.jpg"
SIZE = 32


def _room(gen: np.random.Generator, wall: np.ndarray, bed: np.ndarray) -> np.ndarray:
    pixels = wall + gen.normal(0, 12, (SIZE, SIZE, 3))
    top = int(gen.integers(14, 20))
    left = int(gen.integers(0, 10))
    pixels[top : top + 10, left : left + 20] = bed + gen.normal(0, 12, 3)
    return pixels


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 3, n_hotels: int = 15
) -> None:
    gen = rng(seed, "hotel-id-2021-fgvc8")
    hotel_ids = gen.choice(np.arange(1, 99_999), n_hotels, replace=False)
    chains = gen.integers(0, 5, n_hotels)
    walls, beds = gen.uniform(0, 255, (n_hotels, 3)), gen.uniform(0, 255, (n_hotels, 3))
    names = [f"{h[:16]}.jpg" for h in hex_ids(gen, n_train + n_test)]
    names[1] = names[2] = DUPLICATED_IMAGE
    hotels = gen.integers(0, n_hotels, n_train)
    hotels[2] = (hotels[1] + 1) % n_hotels
    while chains[hotels[2]] == chains[hotels[1]]:  # two chain folders, as in Kaggle's data
        chains[hotels[2]] = (chains[hotels[2]] + 1) % 5
    seconds = gen.integers(0, 3 * 365 * 86_400, n_train)
    stamps = pd.Timestamp("2016-01-01") + pd.to_timedelta(seconds, unit="s")
    train = pd.DataFrame(
        {
            "image": names[:n_train],
            "chain": chains[hotels],
            "hotel_id": hotel_ids[hotels],
            "timestamp": stamps.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    write_csv(train, out_dir / "train.csv")
    sample = pd.DataFrame({"image": names[n_train:], "hotel_id": " ".join(map(str, hotel_ids[:5]))})
    write_csv(sample, out_dir / "sample_submission.csv")
    for image, chain, hotel in zip(train["image"], train["chain"], hotels, strict=True):
        path = out_dir / "train_images" / str(chain) / image
        write_image(_room(gen, walls[hotel], beds[hotel]), path)
    for image in names[n_train:]:
        hotel = int(gen.integers(n_hotels))
        write_image(_room(gen, walls[hotel], beds[hotel]), out_dir / "test_images" / image)
