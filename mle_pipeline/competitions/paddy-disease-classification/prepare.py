"""paddy-disease-classification: 25 % of Kaggle's train.csv (and its photos) become the test set.

As in MLE-bench: a scikit-learn shuffle split (``train_size=0.75``, ``random_state=0``);
the private test.csv keeps label, variety and age; the sample submission has an empty
label. Photos are copied unchanged from ``train_images/<label>/`` into public
``train_images/<label>/`` and, flat, ``test_images/``. Kaggle's own test_images are not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_file, read_csv, split_rows, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    missing = [c for c in ("image_id", "label") if c not in labels.columns]
    if missing:
        raise ValueError(f"{raw / 'train.csv'}: missing column(s) {missing}")
    if not (raw / "sample_submission.csv").is_file():
        raise FileNotFoundError(f"{raw / 'sample_submission.csv'}: missing from the download")
    # MLE-bench asks for train_size=0.75; scikit-learn then tests ceil(0.25 n) rows, the same.
    train, test = split_rows(labels, test_size=0.25, random_state=0)

    write_csv(train, public / "train.csv")
    write_csv(test[["image_id", "label"]].assign(label=""), public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
    photos = raw / "train_images"
    for image_id, label in zip(train["image_id"], train["label"], strict=True):
        copy_file(photos / label / image_id, public / "train_images" / label / image_id)
    for image_id, label in zip(test["image_id"], test["label"], strict=True):
        copy_file(photos / label / image_id, public / "test_images" / image_id)
