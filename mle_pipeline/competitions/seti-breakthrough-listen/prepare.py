"""seti-breakthrough-listen: a tenth of the labelled cadences becomes the test set.

As MLE-bench: ``train_test_split(test_size=0.1, random_state=0)`` over the rows of
``train_labels.csv``; each cadence's ``train/<first char of id>/<id>.npy`` is copied to
``public/train/`` or ``public/test/`` under the same sub-folder; ``old_leaky_data/`` (the
withdrawn first release) is copied as it is. Files are copied one at a time, so memory
stays flat whatever the number of cadences (Kaggle's train is about 50,000 files).
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv


def _copy_cadences(ids: pd.Series, raw: Path, dest: Path) -> None:
    for file_id in ids:
        source = raw / "train" / file_id[0] / f"{file_id}.npy"
        if not source.is_file():
            raise FileNotFoundError(
                f"{source}: train_labels.csv names {file_id} but its .npy is missing"
            )
        target = dest / file_id[0] / f"{file_id}.npy"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train_labels.csv", dtype={"id": str})
    train, test = split_rows(labels, test_size=0.1)
    write_csv(train, public / "train_labels.csv")
    write_csv(test, private / "test.csv")
    shutil.copytree(raw / "old_leaky_data", public / "old_leaky_data", dirs_exist_ok=True)
    _copy_cadences(train["id"], raw, public / "train")
    _copy_cadences(test["id"], raw, public / "test")
    write_csv(test.assign(target=0.5), public / "sample_submission.csv")
