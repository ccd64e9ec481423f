"""Synthetic leaf-classification download: train/test/sample_submission CSVs (each zipped as
``<name>.csv.zip``) and ``images.zip`` holding ``images/<id>.jpg`` for every leaf.

All 99 species appear in train.csv (as on Kaggle, where each has 10 leaves; here 3); each
has its own feature profile and leaf outline (elongation, lobes), so both the 192 features
and the silhouettes carry the label.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image, zip_single, zip_tree

from .species import SPECIES

FEATURES = [f"{kind}{i}" for kind in ("margin", "shape", "texture") for i in range(1, 65)]


def _features(gen: np.random.Generator, profiles: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """margin/texture look like 1/128 and 1/1024 histograms, shape like a small contour."""
    base = profiles[labels]
    margin = gen.poisson(base[:, :64]) / 128
    shape = np.abs(base[:, 64:128] * 1e-4 + gen.normal(0, 5e-5, (len(labels), 64)))
    texture = gen.poisson(base[:, 128:]) / 1024
    return np.round(np.hstack([margin, shape, texture]), 6)


def _silhouette(gen: np.random.Generator, label: int) -> np.ndarray:
    """A white leaf on black: an ellipse whose elongation and lobes depend on the species."""
    height, width = int(gen.integers(36, 48)), int(gen.integers(28, 40))
    y, x = np.mgrid[0:height, 0:width]
    cy, cx = (height - 1) / 2, (width - 1) / 2
    angle = np.arctan2(y - cy, x - cx)
    elongation = 1.0 + 0.15 * (label % 4)
    lobes = 2 + label % 5
    radius = 0.42 * min(height, width) * (1 + 0.18 * np.cos(lobes * angle))
    inside = ((x - cx) ** 2 + ((y - cy) / elongation) ** 2) <= radius**2
    return np.where(inside, 255, 0) + gen.normal(0, 3, inside.shape)


def generate(out_dir: Path, seed: int = 0, per_species: int = 3, n_test: int = 30) -> None:
    gen = rng(seed, "leaf-classification")
    n_species = len(SPECIES)
    profiles = gen.uniform(0.5, 12.0, (n_species, len(FEATURES)))
    n_train = per_species * n_species
    ids = gen.permutation(np.arange(1, n_train + n_test + 1))
    train_ids, test_ids = np.sort(ids[:n_train]), np.sort(ids[n_train:])
    train_labels = gen.permutation(np.repeat(np.arange(n_species), per_species))
    test_labels = gen.integers(0, n_species, n_test)

    train = pd.DataFrame(_features(gen, profiles, train_labels), columns=FEATURES)
    train.insert(0, "id", train_ids)
    train.insert(1, "species", [SPECIES[label] for label in train_labels])
    test = pd.DataFrame(_features(gen, profiles, test_labels), columns=FEATURES)
    test.insert(0, "id", test_ids)
    sample = pd.DataFrame(1 / len(SPECIES), index=range(n_test), columns=SPECIES)
    sample.insert(0, "id", test_ids)
    for name, frame in (("train", train), ("test", test), ("sample_submission", sample)):
        write_csv(frame, out_dir / f"{name}.csv")
        zip_single(out_dir / f"{name}.csv")

    all_ids = np.concatenate([train_ids, test_ids])
    all_labels = np.concatenate([train_labels, test_labels])
    for leaf_id, label in zip(all_ids, all_labels, strict=True):
        write_image(_silhouette(gen, int(label)), out_dir / "images" / f"{leaf_id}.jpg")
    zip_tree(out_dir / "images", out_dir / "images.zip")
