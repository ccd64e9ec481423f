"""tgs-salt-identification-challenge: a quarter of Kaggle's labelled training images
becomes the test set (``train_test_split``, random_state 0), as in MLE-bench.

Only ``competition_data.zip`` (its ``train.csv`` and ``train/images``, ``train/masks``
PNGs) and the top-level ``depths.csv`` are read. Images are streamed out of the zip byte
for byte (never decoded), straight into public/train and public/test; nothing is extracted
into raw/. depths.csv keeps the new training ids only, as MLE-bench's does.
"""

import shutil
import zipfile
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

ARCHIVE = "competition_data.zip"
ROOT = "competition_data/"


def _copy_pngs(archive: zipfile.ZipFile, ids: pd.Series, source: str, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for image_id in ids:
        member = f"{ROOT}{source}/{image_id}.png"
        with archive.open(member) as stream, open(dest / f"{image_id}.png", "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
    if len(list(dest.glob("*.png"))) != len(ids):
        raise ValueError(f"expected {len(ids)} distinct images in {dest}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / ARCHIVE) as archive:
        with archive.open(f"{ROOT}train.csv") as stream:
            labels = read_csv(stream).fillna("")
        pngs = [n for n in archive.namelist() if n.startswith(f"{ROOT}train/images/")]
        if len([n for n in pngs if n.endswith(".png")]) != len(labels):
            raise ValueError(
                f"{raw / ARCHIVE}: {len(pngs)} files under train/images for "
                f"{len(labels)} rows of train.csv"
            )
        train, test = split_rows(labels, test_size=0.25, random_state=0)
        train, test = train.sort_values("id"), test.sort_values("id")
        _copy_pngs(archive, train["id"], "train/images", public / "train" / "images")
        _copy_pngs(archive, train["id"], "train/masks", public / "train" / "masks")
        _copy_pngs(archive, test["id"], "train/images", public / "test" / "images")

    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test[["id"]].assign(rle_mask="1 1"), public / "sample_submission.csv")
    depths = read_csv(raw / "depths.csv")
    write_csv(depths[depths["id"].isin(set(train["id"]))].sort_values("id"), public / "depths.csv")
