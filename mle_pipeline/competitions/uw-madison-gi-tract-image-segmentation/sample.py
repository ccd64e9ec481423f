"""Synthetic uw-madison-gi-tract-image-segmentation download, in Kaggle's layout.

train.csv (``id,class,segmentation``: three rows per slice, for large_bowel, small_bowel
and stomach; RLE column-major, empty where the organ is absent), sample_submission.csv
(header only: Kaggle's was a code competition) and
``train/<case>/<case>_<day>/scans/slice_<nnnn>_<width>_<height>_1.50_1.50.png`` (16-bit
greyscale MRI slices).

Each organ is a bright ellipse whose size changes smoothly from slice to slice (absent
near the ends of the series), so pixels carry the masks in 2D and 3D. Some cases have more
than four days, so MLE-bench's day rule moves days to the test set.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mle_pipeline.sources.synthetic import rle_encode, rng, write_csv

CLASSES = ["large_bowel", "small_bowel", "stomach"]
BRIGHTNESS = {"large_bowel": 9000, "small_bowel": 14000, "stomach": 20000}


def _organs(gen: np.random.Generator, n_slices: int, height: int, width: int) -> list[dict]:
    """Per slice, a mask for each class."""
    y, x = np.mgrid[0:height, 0:width]
    centres = {
        c: (gen.uniform(0.3, 0.7) * height, gen.uniform(0.25, 0.75) * width) for c in CLASSES
    }
    spans = {c: sorted(gen.integers(0, n_slices, 2)) for c in CLASSES}
    slices = []
    for index in range(n_slices):
        masks = {}
        for name in CLASSES:
            first, last = spans[name]
            if not first <= index <= last or last == first:
                masks[name] = np.zeros((height, width), dtype=bool)
                continue
            shape = np.sin(np.pi * (index - first + 0.5) / (last - first + 1))
            ry, rx = (0.05 + 0.12 * shape) * height, (0.05 + 0.1 * shape) * width
            cy, cx = centres[name]
            masks[name] = ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 <= 1
        slices.append(masks)
    return slices


def generate(
    out_dir: Path, seed: int = 0, n_cases: int = 12, n_slices: int = 8, size: int = 40
) -> None:
    gen = rng(seed, "uw-madison-gi-tract-image-segmentation")
    case_numbers = gen.choice(np.arange(2, 160), n_cases, replace=False)
    rows = []
    for case_number in case_numbers:
        case = f"case{case_number}"
        n_days = int(gen.integers(1, 7))
        days = sorted(gen.choice(np.arange(0, 40), n_days, replace=False))
        height, width = size, size + int(gen.integers(0, 3)) * 8
        for day in days:
            scans = out_dir / "train" / case / f"{case}_day{day}" / "scans"
            scans.mkdir(parents=True)
            for number, masks in enumerate(_organs(gen, n_slices, height, width), start=1):
                pixels = 3000 + gen.normal(0, 800, (height, width))
                for name in CLASSES:
                    pixels[masks[name]] += BRIGHTNESS[name]
                image = Image.fromarray(np.clip(pixels, 0, 65535).astype(np.uint16))
                image.save(scans / f"slice_{number:04d}_{width}_{height}_1.50_1.50.png")
                slice_id = f"{case}_day{day}_slice_{number:04d}"
                rows += [(slice_id, name, rle_encode(masks[name])) for name in CLASSES]
    labels = pd.DataFrame(rows, columns=["id", "class", "segmentation"])
    write_csv(labels, out_dir / "train.csv")
    write_csv(pd.DataFrame(columns=["id", "class", "predicted"]), out_dir / "sample_submission.csv")
