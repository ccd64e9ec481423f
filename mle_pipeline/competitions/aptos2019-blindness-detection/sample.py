"""Synthetic aptos2019-blindness-detection download: train.csv, test.csv,
sample_submission.csv and 32x32 RGB PNG fundus photos in train_images/ and test_images/.

More severe grades show more (and brighter) yellow lesions on the red disc.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

SIZE = 32
# Roughly Kaggle's class balance over grades 0..4.
PRIORS = [0.49, 0.10, 0.27, 0.05, 0.09]


def _fundus(gen: np.random.Generator, grade: int) -> np.ndarray:
    yy, xx = np.mgrid[:SIZE, :SIZE]
    centre = (SIZE - 1) / 2
    disc = (yy - centre) ** 2 + (xx - centre) ** 2 <= (SIZE / 2 - 1) ** 2
    pixels = np.zeros((SIZE, SIZE, 3))
    pixels[disc] = [170, 70, 40] + gen.normal(0, 10, 3)
    pixels[disc] += gen.normal(0, 8, (int(disc.sum()), 3))
    for _ in range(3 * grade + int(gen.integers(0, 2))):
        y, x = gen.integers(6, SIZE - 6, 2)
        pixels[y - 1 : y + 1, x - 1 : x + 1] = [230, 200, 90]
    return pixels


def generate(out_dir: Path, seed: int = 0, n_train: int = 120, n_test: int = 30) -> None:
    gen = rng(seed, "aptos2019-blindness-detection")
    ids = hex_ids(gen, n_train + n_test, length=12)
    train_ids, test_ids = ids[:n_train], ids[n_train:]
    diagnosis = gen.choice(5, n_train, p=PRIORS)

    write_csv(pd.DataFrame({"id_code": train_ids, "diagnosis": diagnosis}), out_dir / "train.csv")
    write_csv(pd.DataFrame({"id_code": test_ids}), out_dir / "test.csv")
    write_csv(
        pd.DataFrame({"id_code": test_ids, "diagnosis": 0}), out_dir / "sample_submission.csv"
    )
    for id_code, grade in zip(train_ids, diagnosis, strict=True):
        write_image(_fundus(gen, int(grade)), out_dir / "train_images" / f"{id_code}.png")
    for id_code, grade in zip(test_ids, gen.choice(5, n_test, p=PRIORS), strict=True):
        write_image(_fundus(gen, int(grade)), out_dir / "test_images" / f"{id_code}.png")
