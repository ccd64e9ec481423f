"""Synthetic google-research-identify-contrails-reduce-global-warming download, in Kaggle's
layout.

``{train,validation}/<record_id>/band_08.npy`` .. ``band_16.npy`` (float32 brightness
temperatures, H x W x T time steps), ``human_pixel_masks.npy`` (int32, H x W x 1),
``human_individual_masks.npy`` (train only, int32, H x W x 1 x annotators),
``test/<record_id>/`` (bands only: copies of the first validation records, as Kaggle's),
train_metadata.json and validation_metadata.json (lists of records with their projection and
bounds) and sample_submission.csv.

Contrails are thin bright-minus-cold lines: in each record a line or none, colder than
its surroundings in bands 11-15, drawn by most annotators where the pixel mask is set.
Record ids are 19-digit numbers as in Kaggle's, some above 2**63.
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

WKT = (
    'PROJCS["unknown",GEOGCS["unknown",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],'
    'UNIT["metre",1]]'
)


def _line(gen: np.random.Generator, size: int) -> np.ndarray:
    mask = np.zeros((size, size), dtype=bool)
    if gen.random() < 0.35:
        return mask
    y0, y1 = gen.uniform(0, size, 2)
    for x in range(size):
        y = int(y0 + (y1 - y0) * x / size)
        mask[max(y - 1, 0) : y + 1, x] = True
    return mask


def _record(gen, folder: Path, size: int, n_times: int, annotators: int) -> None:
    mask = _line(gen, size)
    folder.mkdir(parents=True, exist_ok=True)
    for band in range(8, 17):
        values = 240 + 5 * band + gen.normal(0, 1.5, (size, size, n_times))
        if 11 <= band <= 15:
            values[mask] -= 6.0
        np.save(folder / f"band_{band:02}.npy", values.astype(np.float32))
    np.save(folder / "human_pixel_masks.npy", mask[:, :, None].astype(np.int32))
    if annotators:
        votes = mask[:, :, None, None] & (gen.random((1, 1, 1, annotators)) < 0.8)
        np.save(folder / "human_individual_masks.npy", votes.astype(np.int32))


def _metadata(gen: np.random.Generator, record_id: str) -> dict:
    row_min, col_min = (round(float(v), 6) for v in gen.uniform(-2e6, 2e6, 2))
    return {
        "record_id": record_id,
        "projection_wkt": WKT,
        "row_min": row_min,
        "row_size": 2000.0,
        "col_min": col_min,
        "col_size": 2000.0,
        "timestamp": float(1.55e9 + int(gen.integers(0, 1e8))),
    }


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 40,
    n_validation: int = 4,
    n_test: int = 2,
    size: int = 16,
    n_times: int = 8,
) -> None:
    gen = rng(seed, "google-research-identify-contrails-reduce-global-warming")
    numbers = gen.choice(
        np.arange(10**18, 10**19, 10**13, dtype=np.uint64),
        n_train + n_validation,
        replace=False,
    )
    ids = [str(int(n) + int(gen.integers(0, 10**12))) for n in numbers]
    parts = {
        "train": ids[:n_train],
        "validation": ids[n_train : n_train + n_validation],
    }
    for part, records in parts.items():
        for record_id in records:
            annotators = int(gen.integers(4, 7)) if part == "train" else 0
            _record(gen, out_dir / part / record_id, size, n_times, annotators)
        metadata = [_metadata(gen, record_id) for record_id in records]
        (out_dir / f"{part}_metadata.json").write_text(json.dumps(metadata))
    for record_id in parts["validation"][:n_test]:
        (out_dir / "test" / record_id).mkdir(parents=True)
        for band in range(8, 17):
            name = f"band_{band:02}.npy"
            shutil.copyfile(
                out_dir / "validation" / record_id / name, out_dir / "test" / record_id / name
            )
    sample = pd.DataFrame({"record_id": parts["validation"][:n_test], "encoded_pixels": "-"})
    write_csv(sample, out_dir / "sample_submission.csv")
