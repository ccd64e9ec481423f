"""Synthetic petfinder-pawpularity-score download: train.csv and test.csv (``Id``, twelve
0/1 photo attributes, and ``Pawpularity`` 1-100 in train), sample_submission.csv, and
small JPEG photos in ``train/`` and ``test/`` named ``<Id>.jpg``.

Pawpularity rises with the photo's brightness and with the ``Eyes`` and ``Face``
attributes, so both the image and the table carry signal.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

FEATURES = [
    "Subject Focus", "Eyes", "Face", "Near", "Action", "Accessory",
    "Group", "Collage", "Human", "Occlusion", "Info", "Blur",
]  # fmt: skip
SIZE = 24


def _rows(gen: np.random.Generator, ids: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    frame = pd.DataFrame({"Id": ids})
    for name in FEATURES:
        frame[name] = (gen.random(len(ids)) < 0.3).astype(int)
    return frame, gen.uniform(0, 1, len(ids))


def _photo(gen: np.random.Generator, brightness: float) -> np.ndarray:
    return 30 + 190 * brightness + gen.normal(0, 15, (SIZE, SIZE, 3))


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 8) -> None:
    gen = rng(seed, "petfinder-pawpularity-score")
    ids = hex_ids(gen, n_train + n_test)
    train, train_light = _rows(gen, ids[:n_train])
    score = 10 + 50 * train_light + 15 * train["Eyes"] + 10 * train["Face"]
    score += gen.normal(0, 8, n_train)
    train["Pawpularity"] = np.clip(np.round(score), 1, 100).astype(int)
    test, test_light = _rows(gen, ids[n_train:])

    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    sample = pd.DataFrame({"Id": test["Id"], "Pawpularity": gen.uniform(1, 100, n_test).round(2)})
    write_csv(sample, out_dir / "sample_submission.csv")
    for image_id, light in zip(train["Id"], train_light, strict=True):
        write_image(_photo(gen, light), out_dir / "train" / f"{image_id}.jpg")
    for image_id, light in zip(test["Id"], test_light, strict=True):
        write_image(_photo(gen, light), out_dir / "test" / f"{image_id}.jpg")
