"""denoising-dirty-documents: 20 % of the training images become the test set.

The noisy test images go to public/test; their clean versions become ``answers.csv``, one
row per pixel: id ``<image>_<row>_<col>`` (1-based, row-major, images in sorted path
order) and the grey level divided by 255. Both CSVs are written one image at a time, so a
large test set never sits in memory as a whole.
"""

import shutil
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import scratch_dir
from mle_pipeline.sources.archive import extract


def pixel_rows(image: Path) -> pd.DataFrame:
    """One row per pixel of a PNG: its id and its grey level on a 0..1 scale."""
    with Image.open(image) as handle:
        grey = np.array(handle.convert("L")) / 255.0
    rows, cols = grey.shape
    ids = [f"{image.stem}_{r}_{c}" for r, c in product(range(1, rows + 1), range(1, cols + 1))]
    return pd.DataFrame({"id": ids, "value": grey.ravel()})


def _write_answers(images: list[Path], answers: Path, sample: Path) -> None:
    with open(answers, "w", newline="") as out_answers, open(sample, "w", newline="") as out_sample:
        for index, image in enumerate(images):
            frame = pixel_rows(image)
            frame.to_csv(out_answers, index=False, header=index == 0)
            frame.assign(value=1).to_csv(out_sample, index=False, header=index == 0)


def _move_selected(folder: Path, names: set[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.png")):
        if path.name in names:
            shutil.move(path, dest / path.name)


def prepare(raw: Path, public: Path, private: Path) -> None:
    # Like MLE-bench, the noisy and clean training archives are unpacked into public/.
    extract(raw / "train.zip", public)
    noisy = sorted((public / "train").glob("*.png"))
    _, test_paths = train_test_split(noisy, test_size=0.2, random_state=0)
    test_names = {path.name for path in test_paths}
    _move_selected(public / "train", test_names, public / "test")

    extract(raw / "train_cleaned.zip", public)
    with scratch_dir(public) as scratch:
        held_out = Path(scratch) / "train_cleaned"
        _move_selected(public / "train_cleaned", test_names, held_out)
        _write_answers(
            sorted(held_out.glob("*.png")), private / "answers.csv", public / "sampleSubmission.csv"
        )
