"""Synthetic herbarium-2022-fgvc9 download: train_metadata.json / test_metadata.json
(COCO-style, as Kaggle ships them), train_images/<cat//100>/<cat%100>/<cat>__<n>.jpg,
test_images/<i//1000>/test-<i>.jpg and sample_submission.csv.

Each species has its own specimen colour, so a colour histogram tells the species apart.
Annotations are listed in shuffled order (first appearance is not category order).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.prepare.herbarium import write_json
from mle_pipeline.sources.synthetic import rng, write_csv, write_image

SIZE = 16


def specimen(gen: np.random.Generator, colour: np.ndarray) -> np.ndarray:
    """A pale sheet with a plant-coloured stripe in the species' colour."""
    pixels = np.full((SIZE, SIZE, 3), 230.0) + gen.normal(0, 6, (SIZE, SIZE, 3))
    column = int(gen.integers(3, SIZE - 6))
    pixels[2:-2, column : column + 3] = colour + gen.normal(0, 8, (SIZE - 4, 3, 3))
    return pixels


def generate(
    out_dir: Path, seed: int = 0, n_categories: int = 12, per_category: int = 6, n_test: int = 8
) -> None:
    gen = rng(seed, "herbarium-2022-fgvc9")
    categories = np.sort(gen.choice(15505, n_categories, replace=False))
    colours = gen.uniform(20, 200, (n_categories, 3))
    genus_of = gen.integers(0, 4, n_categories)
    counts = gen.integers(max(2, per_category // 2), per_category * 2, n_categories)
    rows = [(c, n) for c in range(n_categories) for n in range(1, int(counts[c]) + 1)]
    order = gen.permutation(len(rows))

    annotations, images = [], []
    for index in order:
        c, n = rows[index]
        category = int(categories[c])
        image_id = f"{category:05d}__{n:03d}"
        file_name = f"{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        annotations.append(
            {
                "genus_id": int(genus_of[c]),
                "institution_id": int(gen.integers(0, 3)),
                "category_id": category,
                "image_id": image_id,
            }
        )
        images.append({"image_id": image_id, "file_name": file_name, "license": 0})
        write_image(specimen(gen, colours[c]), out_dir / "train_images" / file_name)

    write_json(
        {
            "annotations": annotations,
            "images": images,
            "categories": [
                {
                    "category_id": int(category),
                    "scientificName": f"Plantago species{c} Müll.",
                    "authors": "Müll.",
                    "family": "Plantaginaceae",
                    "genus": f"Genus{genus_of[c]}",
                    "species": f"species{c}",
                }
                for c, category in enumerate(categories)
            ],
            "genera": [{"genus_id": g, "genus": f"Genus{g}"} for g in range(4)],
            "distances": [
                {"genus_id_x": x, "genus_id_y": y, "distance": round(float(gen.uniform(1, 90)), 4)}
                for x in range(4)
                for y in range(x + 1, 4)
            ],
            "licenses": [{"id": 0, "name": "CC BY 4.0", "url": "https://example.org/by/4.0"}],
            "institutions": [{"institution_id": i, "collectionCode": f"C{i}"} for i in range(3)],
        },
        out_dir / "train_metadata.json",
    )

    test_images = []
    for i in range(n_test):
        file_name = f"{i // 1000:03d}/test-{i:06d}.jpg"
        test_images.append({"file_name": file_name, "image_id": str(i), "license": 0})
        colour = colours[int(gen.integers(0, n_categories))]
        write_image(specimen(gen, colour), out_dir / "test_images" / file_name)
    write_json(test_images, out_dir / "test_metadata.json")
    sample = pd.DataFrame({"Id": range(n_test), "Predicted": 0})
    write_csv(sample, out_dir / "sample_submission.csv")
