"""cassava-leaf-disease-classification: the images of 10 % of the training TFRecord files
become the test set.

As in MLE-bench: Kaggle's ``train_tfrecords/*.tfrec`` files, sorted by name, are split by
scikit-learn (``test_size=0.1, random_state=0``); the ``image_name`` of every record in the
test files (read here without TensorFlow) picks the test rows of train.csv, both parts
keeping train.csv's order. The files are copied as ``ld_trainNN-<count>.tfrec`` and
``ld_testNN-<count>.tfrec`` in split order; photos are copied from Kaggle's
``train_images/`` into public ``train_images/`` and ``test_images/``. The sample submission
predicts class 4 everywhere. Kaggle's own test images and TFRecords are not used.
"""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_file, copy_named_files, read_csv, write_csv
from mle_pipeline.tfrecord import tfrecord_strings


def _copy_records(records: list[Path], dest: Path, prefix: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(records):
        count = path.stem.split("-")[1]
        shutil.copyfile(path, dest / f"{prefix}{number:02d}-{count}.tfrec")


def prepare(raw: Path, public: Path, private: Path) -> None:
    folder = raw / "train_tfrecords"
    records = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".tfrec")
    if len(records) < 2:
        raise FileNotFoundError(f"expected several .tfrec files in {folder}, found {len(records)}")
    train_records, test_records = train_test_split(records, test_size=0.1, random_state=0)
    test_ids = {name for path in test_records for name in tfrecord_strings(path)}

    labels = read_csv(raw / "train.csv")
    is_test = labels["image_id"].isin(test_ids)
    train, answers = labels[~is_test], labels[is_test]

    write_csv(train, public / "train.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(label=4), public / "sample_submission.csv")
    _copy_records(train_records, public / "train_tfrecords", "ld_train")
    _copy_records(test_records, public / "test_tfrecords", "ld_test")
    copy_named_files(train["image_id"], raw / "train_images", public / "train_images", "")
    copy_named_files(answers["image_id"], raw / "train_images", public / "test_images", "")
    copy_file(raw / "label_num_to_disease_map.json", public / "label_num_to_disease_map.json")
