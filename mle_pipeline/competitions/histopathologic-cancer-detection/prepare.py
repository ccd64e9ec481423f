"""histopathologic-cancer-detection: part of train_labels.csv becomes the test set.

The test share is Kaggle's own: (number of Kaggle test images) / (that + training labels);
only ids are split, and both parts keep the order of train_labels.csv. Images are copied to
public train/ and test/ under their own names.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_named_files, split_rows, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train_labels.csv")
    n_kaggle_test = sum(1 for _ in (raw / "test").glob("*.tif"))
    test_share = n_kaggle_test / (len(labels) + n_kaggle_test)
    train_ids, test_ids = split_rows(labels["id"], test_size=test_share, random_state=0)
    train = labels[labels["id"].isin(train_ids)]
    test = labels[labels["id"].isin(test_ids)]

    copy_named_files(train_ids, raw / "train", public / "train", ".tif")
    copy_named_files(test_ids, raw / "train", public / "test", ".tif")

    write_csv(train, public / "train_labels.csv")
    write_csv(test, private / "answers.csv")
    write_csv(test.assign(label=0), public / "sample_submission.csv")
