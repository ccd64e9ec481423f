"""Synthetic iwildcam-2019-fgvc6 download: train.csv, test.csv, sample_submission.csv
(``Id``, ``Predicted``) and JPEG photos zipped flat in ``train_images.zip`` and
``test_images.zip`` (``<id>.jpg``), with Kaggle's columns.

Photos come in bursts (``seq_id``, ``frame_num``) at numbered camera locations; each
category's animal is a blob of its own colour on a grey-green scene (category 0, empty,
has none), so a colour histogram tells the categories apart.
"""

import uuid
import zipfile
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mle_pipeline.sources.synthetic import rng, write_csv

# The categories that occur in Kaggle's train.csv.
CATEGORIES = [0, 1, 3, 4, 8, 10, 11, 13, 14, 16, 17, 18, 19, 22]
SIZE = 16
TRAIN_COLUMNS = ["category_id", "date_captured", "file_name", "frame_num", "id", "location"]
TRAIN_COLUMNS += ["rights_holder", "seq_id", "seq_num_frames", "width", "height"]


def _photo(gen: np.random.Generator, colour: np.ndarray | None) -> bytes:
    pixels = np.full((SIZE, SIZE, 3), (90.0, 110.0, 80.0)) + gen.normal(0, 10, (SIZE, SIZE, 3))
    if colour is not None:
        y, x = (int(v) for v in gen.integers(2, SIZE - 8, 2))
        pixels[y : y + 6, x : x + 6] = colour + gen.normal(0, 6, (6, 6, 3))
    buffer = BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _zip(photos: dict[str, bytes], archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for name, data in photos.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(2019, 3, 4, 12, 0, 0)), data)


def _bursts(gen, n_photos: int, locations: np.ndarray, holder: str, labelled: bool, colours):
    """Rows of ``n_photos`` photos in bursts of 1-3 frames, and their JPEG bytes by name."""
    rows, photos = [], {}
    while len(rows) < n_photos:
        location = int(gen.choice(locations))
        category = int(gen.choice(CATEGORIES, p=_weights()))
        frames = int(gen.integers(1, 4))
        seq_id = str(uuid.UUID(bytes=gen.bytes(16), version=4))
        start = pd.Timestamp("2012-01-01") + pd.Timedelta(seconds=int(gen.integers(0, 10**8)))
        for frame in range(1, frames + 1):
            photo_id = str(uuid.UUID(bytes=gen.bytes(16), version=1))
            colour = None if category == 0 else colours[CATEGORIES.index(category)]
            photos[f"{photo_id}.jpg"] = _photo(gen, colour)
            row = {
                "category_id": category,
                "date_captured": str(start + pd.Timedelta(seconds=frame)),
                "file_name": f"{photo_id}.jpg",
                "frame_num": frame,
                "id": photo_id,
                "location": location,
                "rights_holder": holder,
                "seq_id": seq_id,
                "seq_num_frames": frames,
                "width": 1024,
                "height": 747,
            }
            if not labelled:
                del row["category_id"]
            rows.append(row)
    return rows, photos


def _weights() -> np.ndarray:
    weights = np.array([6.0] + [1.0] * (len(CATEGORIES) - 1))
    return weights / weights.sum()


def generate(out_dir: Path, seed: int = 0, n_train: int = 240, n_test: int = 20) -> None:
    gen = rng(seed, "iwildcam-2019-fgvc6")
    colours = gen.uniform(0, 255, (len(CATEGORIES), 3))
    # Kaggle's training locations are integers with gaps; its test cameras are elsewhere.
    train_locations = np.sort(gen.choice(140, 24, replace=False))
    test_locations = np.arange(200, 205)
    train_rows, train_photos = _bursts(gen, n_train, train_locations, "Justin Brown", True, colours)
    test_rows, test_photos = _bursts(
        gen, n_test, test_locations, "Idaho Department of Fish and Game", False, colours
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame(train_rows, columns=TRAIN_COLUMNS), out_dir / "train.csv")
    write_csv(pd.DataFrame(test_rows, columns=TRAIN_COLUMNS[1:]), out_dir / "test.csv")
    sample = pd.DataFrame({"Id": [row["id"] for row in test_rows], "Predicted": 0})
    write_csv(sample, out_dir / "sample_submission.csv")
    _zip(train_photos, out_dir / "train_images.zip")
    _zip(test_photos, out_dir / "test_images.zip")
