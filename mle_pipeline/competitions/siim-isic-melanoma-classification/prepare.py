"""siim-isic-melanoma: the images of two fixed training TFRecord files become the test set.

As in MLE-bench there is no random split: the image names inside Kaggle's
``tfrecords/train00-2071.tfrec`` and ``tfrecords/train06-2071.tfrec`` (read here without
TensorFlow) pick the test rows of train.csv; both parts keep train.csv's order. DICOMs
(``train/``, ``test/``) and JPEGs (``jpeg/train/``, ``jpeg/test/``) are copied by split, and
the training TFRecord files are renumbered ``trainNN-<count>.tfrec`` / ``testNN-<count>.tfrec``
in sorted order. Kaggle's own test images and test TFRecords are not used.
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_named_files, write_csv
from mle_pipeline.tfrecord import tfrecord_strings

# The files are matched by number ("train00-", "train06-"), so sample data can carry its own
# record counts in the names; on Kaggle's data they are train00-2071 and train06-2071.
TEST_RECORD_PREFIXES = ("train00-", "train06-")
TEST_COLUMNS = ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]


def _test_record_files(records: list[Path]) -> set[Path]:
    chosen = {path for path in records if path.name.startswith(TEST_RECORD_PREFIXES)}
    for prefix in TEST_RECORD_PREFIXES:
        if sum(path.name.startswith(prefix) for path in chosen) != 1:
            raise FileNotFoundError(f"expected exactly one tfrecords/{prefix}*.tfrec file")
    return chosen


def _copy_images(names: pd.Series, raw: Path, public: Path, split: str) -> None:
    copy_named_files(names, raw / "train", public / split, ".dcm")
    copy_named_files(names, raw / "jpeg" / "train", public / "jpeg" / split, ".jpg")


def _copy_records(records: list[Path], test_files: set[Path], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    counters = {"train": 0, "test": 0}
    for path in records:
        split = "test" if path in test_files else "train"
        count = path.stem.split("-")[1]
        shutil.copy(path, dest / f"{split}{counters[split]:02d}-{count}.tfrec")
        counters[split] += 1


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train.csv")
    records = sorted((raw / "tfrecords").glob("train*.tfrec"))
    test_files = _test_record_files(records)
    test_names = [name for path in sorted(test_files) for name in tfrecord_strings(path)]
    is_test = labels["image_name"].isin(test_names)
    train, test = labels[~is_test], labels[is_test]

    write_csv(train, public / "train.csv")
    write_csv(test[TEST_COLUMNS], public / "test.csv")
    write_csv(test[["image_name"]].assign(target=0), public / "sample_submission.csv")
    write_csv(test[["image_name", "target"]], private / "test.csv")

    _copy_images(train["image_name"], raw, public, "train")
    _copy_images(test["image_name"], raw, public, "test")
    _copy_records(records, test_files, public / "tfrecords")
