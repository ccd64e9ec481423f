"""plant-pathology-2020-fgvc7: 10 % of train.csv becomes the test set; images renamed.

As in MLE-bench, the images of the new training rows are renamed ``Train_0``, ``Train_1``,
... and those of the test rows ``Test_0``, ... in split order, all in public ``images/``;
Kaggle's own test images are not used.
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def _copy_images(old_ids: pd.Series, new_ids: dict[str, str], source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for old_id in old_ids:
        shutil.copyfile(source / f"{old_id}.jpg", dest / f"{new_ids.get(old_id, old_id)}.jpg")
    copied = len(list(dest.glob("*.jpg")))
    if copied != len(old_ids):
        raise ValueError(f"expected {len(old_ids)} images in {dest}, found {copied}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    train, answers = split_rows(labels, test_size=0.1, random_state=0)
    new_ids = {
        **{old: f"Train_{i}" for i, old in enumerate(train["image_id"].unique())},
        **{old: f"Test_{i}" for i, old in enumerate(answers["image_id"].unique())},
    }
    train["image_id"] = train["image_id"].replace(new_ids)
    answers["image_id"] = answers["image_id"].replace(new_ids)

    sample = answers[["image_id"]].copy()
    sample[CLASSES] = 0.25
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers[["image_id"]], public / "test.csv")
    write_csv(train, public / "train.csv")
    _copy_images(labels["image_id"], new_ids, raw / "images", public / "images")
