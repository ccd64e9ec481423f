"""Synthetic vesuvius-challenge-ink-detection download, in Kaggle's layout: for training
fragments ``train/1``, ``train/2`` and ``train/3``: ``surface_volume/00.tif`` ..
(``n_slices`` 16-bit greyscale TIFF slices; Kaggle's have 65), ``mask.png`` (the papyrus),
``ir.png`` (infrared photo), ``inklabels.png`` and ``inklabels_rle.csv`` (Id, Predicted:
the ink mask run-length encoded row by row); test fragments ``test/a`` and ``test/b`` with
surface volume and mask only; and sample_submission.csv.

Fragments are ``height`` x ``width`` pixels (each a little different; Kaggle's are
thousands of pixels a side). Ink is a set of strokes that is brighter in the middle slices
of the volume and darker in the infrared photo.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mle_pipeline.sources.synthetic import rle_encode, rng, write_csv, write_image


def _strokes(gen: np.random.Generator, height: int, width: int) -> np.ndarray:
    ink = np.zeros((height, width), dtype=bool)
    for _ in range(max(2, height * width // 400)):
        row, col = int(gen.integers(0, height - 2)), int(gen.integers(0, width - 2))
        if gen.random() < 0.5:
            ink[row : row + 2, col : col + int(gen.integers(3, 9))] = True
        else:
            ink[row : row + int(gen.integers(3, 9)), col : col + 2] = True
    return ink


def _fragment(
    gen: np.random.Generator, folder: Path, height: int, width: int, slices: int, labelled: bool
) -> None:
    papyrus = np.ones((height, width), dtype=bool)
    papyrus[: height // 8, : width // 5] = False  # a broken-off corner
    ink = _strokes(gen, height, width) & papyrus
    for number in range(slices):
        depth = 1 - abs(number - slices / 2) / (slices / 2)
        pixels = gen.normal(18_000, 2_500, (height, width)) + 9_000 * depth * ink
        pixels[~papyrus] = gen.normal(3_000, 500, int((~papyrus).sum()))
        path = folder / "surface_volume" / f"{number:02d}.tif"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.clip(pixels, 0, 65_535).astype("<u2")).save(path)
    write_image(papyrus * 255, folder / "mask.png")
    if labelled:
        photo = np.where(papyrus, 200 - 150 * ink, 0) + gen.normal(0, 10, (height, width))
        write_image(photo, folder / "ir.png")
        write_image(ink * 255, folder / "inklabels.png")
        rle = rle_encode(ink.T)  # rle_encode numbers pixels down columns: of the transpose
        write_csv(
            pd.DataFrame({"Id": [folder.name], "Predicted": [rle]}), folder / "inklabels_rle.csv"
        )


def generate(
    out_dir: Path, seed: int = 0, height: int = 48, width: int = 40, n_slices: int = 8
) -> None:
    gen = rng(seed, "vesuvius-challenge-ink-detection")
    for number, name in enumerate(["1", "2", "3"]):
        h, w = height + 4 * number, width - 2 * number
        _fragment(gen, out_dir / "train" / name, h, w, n_slices, labelled=True)
    for number, name in enumerate(["a", "b"]):
        h, w = height - 4 * number, width + 2 * number
        _fragment(gen, out_dir / "test" / name, h, w, n_slices, labelled=False)
    sample = pd.DataFrame({"Id": ["a", "b"], "Predicted": ["1 1 5 1", "1 1 5 1"]})
    write_csv(sample, out_dir / "sample_submission.csv")
