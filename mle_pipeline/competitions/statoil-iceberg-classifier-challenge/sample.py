"""Synthetic statoil-iceberg-classifier-challenge download: train.json.7z, test.json.7z and
sample_submission.csv.7z, the JSON inside the first two as ``data/processed/<name>.json``.

Records carry Kaggle's fields: ``id`` (8 hex digits), ``band_1`` and ``band_2`` (75 x 75
backscatter values in dB, flattened, 6 decimals), ``inc_angle`` (degrees, or ``"na"`` for
a few train records) and, in train only, ``is_iceberg`` (0/1). Icebergs are a dimmer,
rounder blob with a stronger HV band, so a model on band statistics learns them.
Patches keep Kaggle's 75 x 75 shape, so few records by default (7z compression is slow).
"""

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.archive import seven_zip_file
from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

SIDE = 75


def _bands(gen: np.random.Generator, iceberg: bool, side: int) -> tuple[list, list]:
    y, x = np.mgrid[0:side, 0:side] - (side - 1) / 2
    width = gen.uniform(3, 6) if iceberg else gen.uniform(1.5, 3)
    blob = np.exp(-(x**2 + y**2) / (2 * width**2))
    band_1 = -25 + gen.normal(0, 2, (side, side)) + (10 if iceberg else 18) * blob
    band_2 = -27 + gen.normal(0, 2, (side, side)) + (8 if iceberg else 4) * blob
    return (
        [float(v) for v in np.round(band_1.ravel(), 6)],
        [float(v) for v in np.round(band_2.ravel(), 6)],
    )


def _records(gen: np.random.Generator, ids: list[str], labelled: bool, side: int) -> list[dict]:
    records = []
    for record_id in ids:
        iceberg = bool(gen.random() < 0.47)  # Kaggle's train: 47 % icebergs
        band_1, band_2 = _bands(gen, iceberg, side)
        angle = float(np.round(gen.uniform(30, 46), 4))
        record = {"id": record_id, "band_1": band_1, "band_2": band_2, "inc_angle": angle}
        if labelled:
            record["inc_angle"] = "na" if gen.random() < 0.08 else angle
            record["is_iceberg"] = int(iceberg)
        records.append(record)
    return records


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 60, n_test: int = 16, side: int = SIDE
) -> None:
    gen = rng(seed, "statoil-iceberg-classifier-challenge")
    ids = hex_ids(gen, n_train + n_test, 8)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "train": _records(gen, ids[:n_train], True, side),
        "test": _records(gen, ids[n_train:], False, side),
    }
    with tempfile.TemporaryDirectory() as scratch:
        for name, records in tables.items():
            path = Path(scratch) / f"{name}.json"
            path.write_text(json.dumps(records), encoding="utf-8")
            seven_zip_file(path, out_dir / f"{name}.json.7z", f"data/processed/{name}.json")
        sample = Path(scratch) / "sample_submission.csv"
        write_csv(pd.DataFrame({"id": ids[n_train:], "is_iceberg": 0.5}), sample)
        seven_zip_file(sample, out_dir / "sample_submission.csv.7z")
