"""Synthetic ml2021spring-hw2 download: ``timit_11/timit_11/{train_11,train_label_11,test_11}.npy``
and ``sampleSubmission.csv``.

As Kaggle's: 429 float32 features per frame (11 frames x 39 MFCCs) and labels '0'..'38'
stored as text (``<U2``); each class shifts the features by its own mean, so a linear model
learns it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

N_FEATURES = 429
N_CLASSES = 39


def generate(out_dir: Path, seed: int = 0, n_train: int = 2_000, n_test: int = 700) -> None:
    gen = rng(seed, "ml2021spring-hw2")
    centres = gen.normal(0, 1, (N_CLASSES, N_FEATURES)).astype(np.float32)
    folder = out_dir / "timit_11" / "timit_11"
    folder.mkdir(parents=True, exist_ok=True)
    for name, n in (("train", n_train), ("test", n_test)):
        classes = gen.integers(0, N_CLASSES, n)
        features = np.empty((n, N_FEATURES), dtype=np.float32)
        block = 50_000  # bounded memory at scaled-up sizes
        for start in range(0, n, block):
            part = classes[start : start + block]
            noise = gen.normal(0, 1.5, (len(part), N_FEATURES)).astype(np.float32)
            features[start : start + block] = centres[part] + noise
        np.save(folder / f"{name}_11.npy", features)
        if name == "train":
            np.save(folder / "train_label_11.npy", classes.astype(str).astype("<U2"))
    write_csv(pd.DataFrame({"Id": range(n_test), "Class": 0}), out_dir / "sampleSubmission.csv")
