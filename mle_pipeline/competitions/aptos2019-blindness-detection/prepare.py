"""aptos2019-blindness-detection: 10 % of train.csv becomes the test set; PNGs copied."""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)

    copy_named_files(train["id_code"], raw / "train_images", public / "train_images", ".png")
    copy_named_files(test["id_code"], raw / "train_images", public / "test_images", ".png")

    sample = test.copy()
    sample["diagnosis"] = 0
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=["diagnosis"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
