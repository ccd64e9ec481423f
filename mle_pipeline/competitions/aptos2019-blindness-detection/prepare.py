"""aptos2019-blindness-detection: 10 % of train.csv becomes the test set; PNGs copied."""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_file, read_csv, split_rows, write_csv


def _copy_images(ids: pd.Series, source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for id_code in ids:
        copy_file(source / f"{id_code}.png", dest / f"{id_code}.png")
    copied = len(list(dest.glob("*.png")))
    if copied != len(ids):
        raise ValueError(f"expected {len(ids)} images in {dest}, found {copied}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)

    _copy_images(train["id_code"], raw / "train_images", public / "train_images")
    _copy_images(test["id_code"], raw / "train_images", public / "test_images")

    sample = test.copy()
    sample["diagnosis"] = 0
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=["diagnosis"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
