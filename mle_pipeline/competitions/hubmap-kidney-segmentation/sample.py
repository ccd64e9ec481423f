"""Synthetic hubmap-kidney-segmentation download, in Kaggle's layout (extracted).

train.csv (``id,encoding``: column-major RLE of the glomerulus mask), sample_submission.csv
(``id,predicted`` for Kaggle's 5 test images), HuBMAP-20-dataset_information.csv (one row
per image, train and test), and ``train/`` and ``test/`` with ``<id>.tiff`` (RGB),
``<id>.json`` (glomerulus polygons, GeoJSON features) and ``<id>-anatomical-structure.json``
(cortex and medulla). Kaggle has exactly 15 training images, which MLE-bench's split needs.

Glomeruli are dark pink discs on pale tissue, so pixels carry the mask. ``side`` scales the
images (about ``side`` x 1.2 ``side`` pixels; real ones are tens of thousands across).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rle_encode, rng, write_csv, write_image

N_TRAIN, N_TEST = 15, 5


def _polygon(cy: float, cx: float, r: float, points: int = 12) -> list[list[int]]:
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    ring = [[int(cx + r * np.cos(a)), int(cy + r * np.sin(a))] for a in angles]
    return [*ring, ring[0]]


def _feature(name: str, color: int, ring: list[list[int]]) -> dict:
    return {
        "type": "Feature",
        "id": "PathAnnotationObject",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "classification": {"name": name, "colorRGB": color},
            "isLocked": False,
            "measurements": [],
        },
    }


def _image(gen: np.random.Generator, height: int, width: int):
    y, x = np.mgrid[0:height, 0:width]
    mask = np.zeros((height, width), dtype=bool)
    glomeruli = []
    for _ in range(int(gen.integers(1, 5))):  # every real image has glomeruli
        r = gen.uniform(0.05, 0.1) * min(height, width)
        cy, cx = gen.uniform(r, height - r), gen.uniform(r, width - r)
        mask |= (y - cy) ** 2 + (x - cx) ** 2 <= r**2
        glomeruli.append(_feature("glomerulus", -3140401, _polygon(cy, cx, r)))
    pixels = np.array([225.0, 200.0, 215.0]) + gen.normal(0, 12, (height, width, 3))
    pixels[mask] = np.array([150.0, 60.0, 120.0]) + gen.normal(0, 12, (int(mask.sum()), 3))
    cortex = [[0, 0], [width - 1, 0], [width - 1, height // 2], [0, height // 2], [0, 0]]
    medulla = [[0, height // 2], [width - 1, height // 2], [width - 1, height - 1]]
    structures = [
        _feature("Cortex", -352256, cortex),
        _feature("Medulla", -9408287, [*medulla, [0, height - 1], [0, height // 2]]),
    ]
    return pixels, mask, glomeruli, structures


def _info(gen: np.random.Generator, ids: list[str], sizes: list[tuple[int, int]]) -> pd.DataFrame:
    n = len(ids)
    weight = np.round(gen.uniform(55, 120, n), 1)
    height_cm = gen.integers(150, 195, n)
    cortex = gen.integers(40, 100, n)
    return pd.DataFrame(
        {
            "image_file": [f"{i}.tiff" for i in ids],
            "width_pixels": [w for _, w in sizes],
            "height_pixels": [h for h, _ in sizes],
            "anatomical_structures_segmention_file": [
                f"{i}-anatomical-structure.json" for i in ids
            ],
            "glomerulus_segmentation_file": [f"{i}.json" for i in ids],
            "patient_number": gen.integers(60000, 68000, n),
            "race": gen.choice(["White", "Black or African American"], n),
            "ethnicity": gen.choice(["Not Hispanic or Latino", "Hispanic or Latino"], n),
            "sex": gen.choice(["Male", "Female"], n),
            "age": gen.integers(30, 80, n),
            "weight_kilograms": weight,
            "height_centimeters": height_cm,
            "bmi_kg/m^2": np.round(weight / (height_cm / 100) ** 2, 1),
            "laterality": gen.choice(["Left", "Right"], n),
            "percent_cortex": cortex,
            "percent_medulla": 100 - cortex,
        }
    )


def generate(out_dir: Path, seed: int = 0, side: int = 96) -> None:
    gen = rng(seed, "hubmap-kidney-segmentation")
    ids = hex_ids(gen, N_TRAIN + N_TEST, length=9)
    sizes = [
        (
            int(gen.integers(side, side + side // 4)),
            int(gen.integers(side + side // 8, side * 3 // 2)),
        )
        for _ in ids
    ]
    encodings = []
    for index, (image_id, (height, width)) in enumerate(zip(ids, sizes, strict=True)):
        folder = out_dir / ("train" if index < N_TRAIN else "test")
        pixels, mask, glomeruli, structures = _image(gen, height, width)
        write_image(pixels, folder / f"{image_id}.tiff")
        (folder / f"{image_id}.json").write_text(json.dumps(glomeruli, indent=2))
        (folder / f"{image_id}-anatomical-structure.json").write_text(
            json.dumps(structures, indent=2)
        )
        encodings.append(rle_encode(mask))
    write_csv(
        pd.DataFrame({"id": ids[:N_TRAIN], "encoding": encodings[:N_TRAIN]}), out_dir / "train.csv"
    )
    write_csv(
        pd.DataFrame({"id": ids[N_TRAIN:], "predicted": ""}), out_dir / "sample_submission.csv"
    )
    write_csv(_info(gen, ids, sizes), out_dir / "HuBMAP-20-dataset_information.csv")
