"""Synthetic cdiscount-image-classification-challenge download: train.bson (one document per
product: ``_id``, ``imgs`` = one to four ``{"picture": <JPEG bytes>}``, ``category_id``),
train_example.bson (its first 100 documents), test.bson (``_id``, ``imgs``),
category_names.csv (category_id and three category levels, in French as on Kaggle) and
sample_submission.csv (every test ``_id``, category 1000010653).

Kaggle's pictures are 180 x 180; here ``size`` (default 16). Product ids are ascending
integers, train and test interleaved as on Kaggle. Each category has its own colour, so a
model on mean pixel colour learns it.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mle_pipeline.bson_stream import encode
from mle_pipeline.sources.synthetic import rng, write_csv

LEVEL1 = [
    "ABONNEMENT / SERVICES",
    "AUTO - MOTO",
    "BIJOUX -  LUNETTES - MONTRES",
    "TELEPHONIE - GPS",
]
LEVEL2 = ["CARTE PREPAYEE", "AMPOULE - NEON", "BIJOUX", "ACCESSOIRE TELEPHONE"]
LEVEL3 = ["CARTE PREPAYEE MULTIMEDIA", "AMPOULE", "BAGUE", "COQUE TELEPHONE - BUMPER TELEPHONE"]


def _picture(gen: np.random.Generator, colour: np.ndarray, size: int) -> bytes:
    pixels = np.clip(colour + gen.normal(0, 25, (size, size, 3)), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _write_bson(documents: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for document in documents:
            handle.write(encode(document))


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 300,
    n_test: int = 30,
    n_categories: int = 12,
    size: int = 16,
) -> None:
    gen = rng(seed, "cdiscount-image-classification-challenge")
    categories = np.sort(gen.choice(np.arange(1000000000, 1000020000), n_categories, replace=False))
    colours = gen.uniform(30, 225, (n_categories, 3))
    names = pd.DataFrame(
        {
            "category_id": categories,
            "category_level1": gen.choice(LEVEL1, n_categories),
            "category_level2": gen.choice(LEVEL2, n_categories),
            "category_level3": gen.choice(LEVEL3, n_categories),
        }
    )
    write_csv(names, out_dir / "category_names.csv")

    ids = np.sort(gen.choice(3 * (n_train + n_test), n_train + n_test, replace=False))
    is_test = np.zeros(len(ids), dtype=bool)
    is_test[gen.choice(len(ids), n_test, replace=False)] = True
    train, test = [], []
    for product_id, for_test in zip(ids, is_test, strict=True):
        label = int(gen.integers(n_categories))
        pictures = [
            {"picture": _picture(gen, colours[label], size)} for _ in range(int(gen.integers(1, 5)))
        ]
        document = {"_id": int(product_id), "imgs": pictures}
        if for_test:
            test.append(document)
        else:
            train.append({**document, "category_id": int(categories[label])})
    _write_bson(train, out_dir / "train.bson")
    _write_bson(train[:100], out_dir / "train_example.bson")
    _write_bson(test, out_dir / "test.bson")
    sample = pd.DataFrame({"_id": [d["_id"] for d in test], "category_id": 1000010653})
    write_csv(sample, out_dir / "sample_submission.csv")
