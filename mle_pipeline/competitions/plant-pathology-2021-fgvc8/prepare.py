"""plant-pathology-2021-fgvc8: 20 % of train.csv becomes the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``); the sample submission
predicts ``healthy`` for every test image; photos are copied unchanged from Kaggle's
``train_images/`` into public ``train_images/`` and ``test_images/``. Kaggle's own test
images are not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    train, answers = split_rows(labels, test_size=0.2, random_state=0)

    write_csv(answers, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.assign(labels="healthy"), public / "sample_submission.csv")
    copy_named_files(train["image"], raw / "train_images", public / "train_images", "")
    copy_named_files(answers["image"], raw / "train_images", public / "test_images", "")
