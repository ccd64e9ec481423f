"""dog-breed-identification: 10 % of labels.csv becomes the test set; answers one-hot.

Public training labels keep the name ``labels.csv``; images are copied to train/ and test/.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_file, one_hot, read_csv, split_rows, write_csv

from .breeds import BREEDS


def _copy_images(ids: pd.Series, source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for image_id in ids:
        copy_file(source / f"{image_id}.jpg", dest / f"{image_id}.jpg")
    copied = len(list(dest.glob("*.jpg")))
    if copied != len(ids):
        raise ValueError(f"expected {len(ids)} images in {dest}, found {copied}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "labels.csv"), test_size=0.1, random_state=0)
    answers = one_hot(test, "id", "breed", BREEDS)

    write_csv(train, public / "labels.csv")
    write_csv(answers, private / "test.csv")
    _copy_images(train["id"], raw / "train", public / "train")
    _copy_images(answers["id"], raw / "train", public / "test")

    sample = answers.astype({breed: "float64" for breed in BREEDS})
    sample[BREEDS] = 1 / len(BREEDS)
    write_csv(sample, public / "sample_submission.csv")
