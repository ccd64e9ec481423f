"""Synthetic herbarium 2020/2021 downloads (COCO-style metadata.json in train/ and test/).

Species sizes cover MLE-bench's small-class rules: one image, two to four, and five or more.
Each species has its own specimen colour, so a colour histogram tells species apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

SIZE = 16
LATIN1_MARK = "@E-ACUTE@"  # replaced by the single byte 0xE9: the file is not valid UTF-8


def specimen(gen: np.random.Generator, colour: np.ndarray) -> np.ndarray:
    """A pale sheet with a plant-coloured stripe in the species' colour."""
    pixels = np.full((SIZE, SIZE, 3), 230.0) + gen.normal(0, 6, (SIZE, SIZE, 3))
    column = int(gen.integers(3, SIZE - 6))
    pixels[2:-2, column : column + 3] = colour + gen.normal(0, 8, (SIZE - 4, 3, 3))
    return pixels


def _write_metadata(obj: dict, path: Path, latin1_byte: bool) -> None:
    text = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    if latin1_byte:
        text = text.replace(LATIN1_MARK.encode(), b"\xe9")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)


def generate_coco(
    out_dir: Path,
    seed: int,
    salt: str,
    *,
    root: str,
    region_key: str,
    n_categories: int,
    per_category: int,
    n_test: int,
) -> None:
    """``out_dir/root/{train,test}/metadata.json`` and images, ``out_dir/sample_submission.csv``.

    ``region_key`` is 'regions' (2020) or 'institutions' (2021); with 'regions' the
    metadata holds a raw latin-1 byte, as Kaggle's 2020 file does.
    """
    gen = rng(seed, salt)
    base = out_dir / root if root else out_dir
    categories = np.sort(gen.choice(np.arange(3, 32000), n_categories, replace=False))
    colours = gen.uniform(20, 200, (n_categories, 3))
    counts = gen.integers(5, max(6, 2 * per_category), n_categories)
    counts[: min(3, n_categories)] = [1, 2, 4][: min(3, n_categories)]  # the small-class rules
    rows = [(c, n) for c in range(n_categories) for n in range(int(counts[c]))]
    image_ids = gen.choice(np.arange(1, 10 * len(rows) + 10**6), len(rows), replace=False)
    region_field = "region_id" if region_key == "regions" else "institution_id"

    annotations, images = [], []
    for k in gen.permutation(len(rows)):
        c, _ = rows[k]
        category, image_id = int(categories[c]), int(image_ids[k])
        file_name = f"images/{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        annotations.append(
            {
                "category_id": category,
                "id": image_id,
                "image_id": image_id,
                region_field: int(gen.integers(0, 3)),
            }
        )
        images.append(
            {"file_name": file_name, "height": SIZE, "id": image_id, "license": 0, "width": SIZE}
        )
        write_image(specimen(gen, colours[c]), base / "train" / file_name)

    latin1 = region_key == "regions"
    info = {
        "contributor": "New York Botanical Garden",
        "date_created": "2020-02-18",
        "description": "Synthetic herbarium specimens",
        "url": "https://example.org/herbarium",
        "version": "1.0",
        "year": 2020,
    }
    licenses = [{"id": 0, "name": "CC BY 4.0", "url": "https://example.org/by/4.0"}]
    metadata = {
        "annotations": annotations,
        "categories": [
            {
                "family": "Asteraceae",
                "genus": f"Genus{c % 4}",
                "id": int(category),
                "name": f"Genus{c % 4} species{c} Müll." + (LATIN1_MARK if latin1 else ""),
            }
            for c, category in enumerate(categories)
        ],
        "images": images,
        "info": info,
        "licenses": licenses,
        region_key: [{"id": r, "name": f"Region {r}"} for r in range(3)],
    }
    _write_metadata(metadata, base / "train" / "metadata.json", latin1)

    test_images = []
    for i in range(n_test):
        file_name = f"images/{i // 1000:03d}/{i}.jpg"
        test_images.append(
            {"file_name": file_name, "height": SIZE, "id": i, "license": 0, "width": SIZE}
        )
        colour = colours[int(gen.integers(0, n_categories))]
        write_image(specimen(gen, colour), base / "test" / file_name)
    test = {"images": test_images, "info": info, "licenses": licenses}
    _write_metadata(test, base / "test" / "metadata.json", False)
    write_csv(
        pd.DataFrame({"Id": range(n_test), "Predicted": 0}), out_dir / "sample_submission.csv"
    )
