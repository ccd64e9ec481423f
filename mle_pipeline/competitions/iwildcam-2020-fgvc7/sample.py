"""Synthetic iwildcam-2020-fgvc7 download: iwildcam2020_train_annotations.json,
iwildcam2020_test_information.json, iwildcam2020_megadetector_results.json, train/<id>.jpg,
test/<id>.jpg and sample_submission.csv, as Kaggle ships them.

Camera locations have different image counts (so the location split moves whole locations);
each species has its own fur colour, so an image's colour tells its species.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

SIZE = 16
SPECIES = ["empty", "deer", "fox", "boar", "squirrel", "bird", "bear", "elephant"]
CATEGORY_IDS = [0, 2, 3, 7, 15, 72, 100, 372]


def _frame(gen: np.random.Generator, colour: np.ndarray) -> np.ndarray:
    pixels = gen.uniform(60, 120) + gen.normal(0, 8, (SIZE, SIZE, 3))
    if colour is not None:
        y, x = (int(v) for v in gen.integers(2, SIZE - 8, 2))
        pixels[y : y + 6, x : x + 6] = colour + gen.normal(0, 6, (6, 6, 3))
    return pixels


def _uuid(gen: np.random.Generator) -> str:
    h = "".join(gen.choice(list("0123456789abcdef"), 32))
    return f"{h[:8]}-{h[8:12]}-11ea-{h[16:20]}-{h[20:]}"


def _images(gen, n: int, locations: np.ndarray, colours, labels, folder: Path) -> list[dict]:
    records = []
    for k in range(n):
        image_id = _uuid(gen)
        seq = _uuid(gen)
        records.append(
            {
                "seq_num_frames": 1,
                "location": int(locations[k]),
                "datetime": f"2013-0{1 + k % 9}-1{k % 10} 0{k % 10}:1{k % 6}:00.000",
                "id": image_id,
                "frame_num": 1,
                "seq_id": seq,
                "width": SIZE,
                "height": SIZE,
                "file_name": f"{image_id}.jpg",
            }
        )
        colour = colours[labels[k]] if labels[k] else None
        write_image(_frame(gen, colour), folder / f"{image_id}.jpg")
    return records


def generate(out_dir: Path, seed: int = 0, n_locations: int = 14, n_test: int = 20) -> None:
    gen = rng(seed, "iwildcam-2020-fgvc7")
    colours = gen.uniform(20, 235, (len(SPECIES), 3))
    sizes = gen.integers(4, 24, n_locations)
    location_ids = gen.choice(np.arange(600), n_locations, replace=False)
    locations = gen.permutation(np.repeat(location_ids, sizes))
    labels = gen.integers(0, len(SPECIES), len(locations))
    images = _images(gen, len(locations), locations, colours, labels, out_dir / "train")
    annotations = [
        {"count": 1, "image_id": image["id"], "id": _uuid(gen), "category_id": CATEGORY_IDS[label]}
        for image, label in zip(images, labels, strict=True)
    ]
    categories = [
        {"count": int((labels == k).sum()), "id": CATEGORY_IDS[k], "name": name}
        for k, name in enumerate(SPECIES)
    ]
    info = {"version": "1.0", "description": "Synthetic camera traps", "year": 2020}
    train = {"annotations": annotations, "images": images, "categories": categories, "info": info}
    (out_dir / "iwildcam2020_train_annotations.json").write_text(json.dumps(train))

    test_labels = gen.integers(0, len(SPECIES), n_test)
    test_locations = gen.choice(np.arange(600, 700), n_test)
    test_images = _images(gen, n_test, test_locations, colours, test_labels, out_dir / "test")
    test_categories = [{"id": CATEGORY_IDS[k], "name": name} for k, name in enumerate(SPECIES)]
    test = {"images": test_images, "categories": test_categories, "info": info}
    (out_dir / "iwildcam2020_test_information.json").write_text(json.dumps(test))

    detections = {
        "info": {"detector": "megadetector_v3"},
        "detection_categories": {"1": "animal", "2": "person"},
        "images": [
            {"id": image["id"], "detections": [], "max_detection_conf": 0.0}
            for image in images + test_images
        ],
    }
    (out_dir / "iwildcam2020_megadetector_results.json").write_text(json.dumps(detections))
    sample = pd.DataFrame({"Id": [image["id"] for image in test_images], "Category": 0})
    write_csv(sample, out_dir / "sample_submission.csv")
