"""imet-2020-fgvc7: 15 % of train.csv becomes the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``); the sample submission
predicts attributes ``0 1 2`` for every test image; labels.csv is copied as it is; images
are copied unchanged from Kaggle's ``train/`` into public ``train/`` and ``test/``. Kaggle's
own test images are not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import (
    copy_file,
    copy_named_files,
    read_csv,
    split_rows,
    write_csv,
)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    train, answers = split_rows(labels, test_size=0.15, random_state=0)

    write_csv(answers, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.assign(attribute_ids="0 1 2"), public / "sample_submission.csv")
    copy_file(raw / "labels.csv", public / "labels.csv")
    copy_named_files(train["id"], raw / "train", public / "train", ".png")
    copy_named_files(answers["id"], raw / "train", public / "test", ".png")
