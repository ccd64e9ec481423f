"""aerial-cactus-identification: 19 % of train.csv becomes the test set; images re-zipped.

Kaggle ships the images as nested zips (``train.zip`` holding ``train/<id>``). As in
MLE-bench, the public ``train.zip`` and ``test.zip`` hold the images at their top level
(no folder); ours are zipped deterministically (sorted members, fixed timestamps).
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, scratch_dir, split_rows, write_csv
from mle_pipeline.sources.archive import extract, zip_folder


def _zip_images(ids: pd.Series, images: Path, staging: Path, dest: Path) -> None:
    staging.mkdir(parents=True)
    for image_id in ids:
        shutil.copy(images / image_id, staging / image_id)
    if len(list(staging.iterdir())) != len(ids):
        raise ValueError(f"expected {len(ids)} distinct images for {dest.name}")
    zip_folder(staging, dest)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    # Kaggle's 4000 test images against 17500 training ones: a test share of about 0.19.
    train, test = split_rows(labels, test_size=0.19, random_state=0)

    sample = test.copy()
    sample["has_cactus"] = 0.5
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")

    with scratch_dir(public) as scratch:
        work = Path(scratch)
        extract(raw / "train.zip", work / "raw")
        images = work / "raw" / "train"
        _zip_images(train["id"], images, work / "train", public / "train.zip")
        _zip_images(test["id"], images, work / "test", public / "test.zip")
