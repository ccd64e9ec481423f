"""Synthetic cassava-leaf-disease-classification download: train.csv (``image_id``,
``label`` 0-4), sample_submission.csv, label_num_to_disease_map.json, JPEG leaf photos in
``train_images/`` and ``test_images/`` named ``<digits>.jpg``, and the same training photos
in 16 TFRecord files ``train_tfrecords/ld_trainNN-<count>.tfrec`` (features ``image``,
``image_name``, ``target``, as Kaggle's) plus ``test_tfrecords/ld_test00-<count>.tfrec``.

Each disease tints the leaf a colour of its own; healthy leaves stay green.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image
from mle_pipeline.tfrecord import tf_example, write_tfrecord

DISEASES = {
    "0": "Cassava Bacterial Blight (CBB)",
    "1": "Cassava Brown Streak Disease (CBSD)",
    "2": "Cassava Green Mottle (CGM)",
    "3": "Cassava Mosaic Disease (CMD)",
    "4": "Healthy",
}
TINTS = [[150, 110, 40], [120, 80, 60], [160, 200, 90], [200, 200, 60], [50, 140, 50]]
N_RECORD_FILES = 16
SIZE = 32


def _leaf(gen: np.random.Generator, label: int) -> np.ndarray:
    pixels = gen.uniform(80, 180, 3) + gen.normal(0, 12, (SIZE, SIZE, 3))
    yy, xx = np.mgrid[:SIZE, :SIZE]
    leaf = ((yy - 16) / 12) ** 2 + ((xx - 16) / 8) ** 2 <= 1
    pixels[leaf] = np.asarray(TINTS[label]) + gen.normal(0, 12, (int(leaf.sum()), 3))
    return pixels


def _records(
    names: list[str], labels: list[int] | None, images: Path, dest: Path, prefix: str
) -> None:
    """The photos in TFRecord files ``dest/<prefix>NN-<count>.tfrec`` (16 with labels, else 1)."""
    chunks = np.array_split(np.arange(len(names)), N_RECORD_FILES if labels else 1)
    for number, rows in enumerate(chunks):
        examples = []
        for row in rows:
            features = {"image": (images / names[row]).read_bytes(), "image_name": names[row]}
            if labels:
                features["target"] = labels[row]
            examples.append(tf_example(features))
        write_tfrecord(examples, dest / f"{prefix}{number:02d}-{len(rows)}.tfrec")


def generate(out_dir: Path, seed: int = 0, n_train: int = 320, n_test: int = 1) -> None:
    gen = rng(seed, "cassava-leaf-disease-classification")
    drawn_numbers = gen.integers(1_000_000, 9_999_999_999, 2 * (n_train + n_test))
    names = [f"{n}.jpg" for n in dict.fromkeys(drawn_numbers.tolist())][: n_train + n_test]
    labels = gen.choice(5, n_train, p=[0.05, 0.1, 0.11, 0.6, 0.14]).tolist()

    write_csv(pd.DataFrame({"image_id": names[:n_train], "label": labels}), out_dir / "train.csv")
    sample = pd.DataFrame({"image_id": names[n_train:], "label": 4})
    write_csv(sample, out_dir / "sample_submission.csv")
    (out_dir / "label_num_to_disease_map.json").write_text(json.dumps(DISEASES))
    drawn = [*labels, *gen.choice(5, n_test).tolist()]
    for index, (name, label) in enumerate(zip(names, drawn, strict=True)):
        folder = "train_images" if index < n_train else "test_images"
        write_image(_leaf(gen, label), out_dir / folder / name)
    train_images, test_images = out_dir / "train_images", out_dir / "test_images"
    _records(names[:n_train], labels, train_images, out_dir / "train_tfrecords", "ld_train")
    _records(names[n_train:], None, test_images, out_dir / "test_tfrecords", "ld_test")
