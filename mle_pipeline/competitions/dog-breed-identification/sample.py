"""Synthetic dog-breed-identification download: labels.csv, sample_submission.csv and
32x32 RGB JPEG photos in train/ and test/ named ``<id>.jpg``.

Only a dozen of the 120 breeds occur (so a few hundred images stay learnable); each has a
coat colour of its own, drawn as a blob on a random background.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

from .breeds import BREEDS

SIZE = 32
USED = BREEDS[::10]


def _photo(gen: np.random.Generator, coat: np.ndarray) -> np.ndarray:
    background = gen.uniform(40, 220, 3)
    pixels = background + gen.normal(0, 10, (SIZE, SIZE, 3))
    yy, xx = np.mgrid[:SIZE, :SIZE]
    cy, cx = gen.uniform(10, SIZE - 10, 2)
    body = ((yy - cy) / gen.uniform(6, 10)) ** 2 + ((xx - cx) / gen.uniform(6, 10)) ** 2 <= 1
    pixels[body] = coat + gen.normal(0, 12, (int(body.sum()), 3))
    return pixels


def generate(out_dir: Path, seed: int = 0, n_train: int = 200, n_test: int = 40) -> None:
    gen = rng(seed, "dog-breed-identification")
    coats = {breed: gen.uniform(0, 255, 3) for breed in USED}
    ids = hex_ids(gen, n_train + n_test)
    train_ids, test_ids = ids[:n_train], ids[n_train:]
    breeds = gen.choice(USED, n_train)

    write_csv(pd.DataFrame({"id": train_ids, "breed": breeds}), out_dir / "labels.csv")
    sample = pd.DataFrame(1 / len(BREEDS), index=range(n_test), columns=BREEDS)
    sample.insert(0, "id", test_ids)
    write_csv(sample, out_dir / "sample_submission.csv")
    for image_id, breed in zip(train_ids, breeds, strict=True):
        write_image(_photo(gen, coats[breed]), out_dir / "train" / f"{image_id}.jpg")
    for image_id, breed in zip(test_ids, gen.choice(USED, n_test), strict=True):
        write_image(_photo(gen, coats[breed]), out_dir / "test" / f"{image_id}.jpg")
