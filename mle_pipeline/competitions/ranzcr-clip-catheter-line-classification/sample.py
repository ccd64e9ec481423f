"""Synthetic ranzcr-clip download: train.csv (11 labels, PatientID), train_annotations.csv,
sample_submission.csv, small greyscale JPEG X-rays in train/ and test/ named
``<StudyInstanceUID>.jpg``, and the same images in ``train_tfrecords/NN-<count>.tfrec`` and
``test_tfrecords/NN-<count>.tfrec``.

Each label, when present, lights a small bright mark at a place of its own on the image.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import (
    hex_ids,
    rng,
    write_csv,
    write_image,
)
from mle_pipeline.tfrecord import tf_example, write_tfrecord

from .labels import LABELS

SIZE = 32
PREVALENCE = [0.35] * 9 + [0.6, 0.1]
UID_ROOT = "1.2.826.0.1.3680043.8.498."


def _uids(gen: np.random.Generator, n: int) -> list[str]:
    digits = gen.integers(0, 10, (n, 38))
    digits[:, 0] = gen.integers(1, 10, n)
    uids = [UID_ROOT + "".join(map(str, row)) for row in digits]
    if len(set(uids)) != n:
        raise ValueError("duplicate StudyInstanceUID drawn; use another seed")
    return uids


def _xray(gen: np.random.Generator, present: np.ndarray) -> np.ndarray:
    yy, xx = np.mgrid[:SIZE, :SIZE]
    chest = ((yy - 17) / 15) ** 2 + ((xx - 16) / 13) ** 2 <= 1
    pixels = np.where(chest, 110.0, 25.0) + gen.normal(0, 12, (SIZE, SIZE))
    for index in np.flatnonzero(present):
        row, col = 3 + 7 * (index // 4), 3 + 7 * (index % 4)
        pixels[row : row + 3, col : col + 3] = 235.0 + gen.normal(0, 8)
    return pixels


def _annotation(gen: np.random.Generator) -> str:
    points = np.cumsum(gen.integers(-60, 60, (int(gen.integers(3, 8)), 2)), axis=0) + 1500
    return "[" + ", ".join(f"[{x}, {y}]" for x, y in points) + "]"


def _write_records(images: list[dict], folder: Path, per_file: int) -> None:
    for number, start in enumerate(range(0, len(images), per_file)):
        chunk = images[start : start + per_file]
        write_tfrecord(
            [tf_example(features) for features in chunk],
            folder / f"{number:02d}-{len(chunk)}.tfrec",
        )


def generate(out_dir: Path, seed: int = 0, n_train: int = 200, n_test: int = 30) -> None:
    gen = rng(seed, "ranzcr-clip-catheter-line-classification")
    uids = _uids(gen, n_train + n_test)
    train_uids, test_uids = uids[:n_train], uids[n_train:]
    present = (gen.random((n_train, len(LABELS))) < PREVALENCE).astype(int)
    patients = hex_ids(gen, n_train // 3, length=9)

    train = pd.DataFrame(present, columns=LABELS)
    train.insert(0, "StudyInstanceUID", train_uids)
    train["PatientID"] = gen.choice(patients, n_train)
    write_csv(train, out_dir / "train.csv")
    sample = pd.DataFrame(0, index=range(n_test), columns=LABELS)
    sample.insert(0, "StudyInstanceUID", test_uids)
    write_csv(sample, out_dir / "sample_submission.csv")

    annotations = [
        {"StudyInstanceUID": uid, "label": LABELS[index], "data": _annotation(gen)}
        for uid, row in zip(train_uids, present, strict=True)
        for index in np.flatnonzero(row)
        if gen.random() < 0.5
    ]
    write_csv(pd.DataFrame(annotations), out_dir / "train_annotations.csv")

    train_records, test_records = [], []
    for uid, row in zip(train_uids, present, strict=True):
        path = write_image(_xray(gen, row), out_dir / "train" / f"{uid}.jpg")
        labels = {name: int(value) for name, value in zip(LABELS, row, strict=True)}
        train_records.append({"image": path.read_bytes(), "StudyInstanceUID": uid, **labels})
    for uid in test_uids:
        row = gen.random(len(LABELS)) < PREVALENCE
        path = write_image(_xray(gen, row), out_dir / "test" / f"{uid}.jpg")
        test_records.append({"image": path.read_bytes(), "StudyInstanceUID": uid})
    _write_records(train_records, out_dir / "train_tfrecords", per_file=50)
    _write_records(test_records, out_dir / "test_tfrecords", per_file=15)
