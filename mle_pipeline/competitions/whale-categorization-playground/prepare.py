"""whale-categorization-playground: about 10 % of train.csv becomes the test set.

As in MLE-bench, whale by whale in order of first appearance: a whale with two or more
images puts one (drawn by ``DataFrame.sample(2, random_state=0)``) in train and one in
test; a whale with one image sends it to test with probability 0.1 (one draw each from
``numpy.random.default_rng(0)``). The remaining rows are split by scikit-learn
(``test_size=0.1, random_state=0``). Test whales never seen in the new train become
``new_whale``. Photos are copied unchanged from Kaggle's ``train/``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv

TEST_SIZE = 0.1
SAMPLE_GUESS = "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"


def _assign(labels: pd.DataFrame) -> pd.Series:
    split = pd.Series("undecided", index=labels.index)
    gen = np.random.default_rng(0)
    for _, images in labels.groupby("Id", sort=False):
        if len(images) >= 2:
            chosen = images.sample(2, random_state=0).index
            split[chosen[0]], split[chosen[1]] = "train", "test"
        else:
            split[images.index[0]] = gen.choice(
                ["train", "test"], replace=False, p=[1 - TEST_SIZE, TEST_SIZE]
            )
    train, test = split_rows(labels[split == "undecided"], test_size=TEST_SIZE, random_state=0)
    split[train.index], split[test.index] = "train", "test"
    return split


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    split = _assign(labels)
    train = labels[split == "train"].copy()
    answers = labels[split == "test"].copy()
    answers.loc[~answers["Id"].isin(set(train["Id"])), "Id"] = "new_whale"

    write_csv(answers, private / "test.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.assign(Id=SAMPLE_GUESS), public / "sample_submission.csv")
    copy_named_files(train["Image"], raw / "train", public / "train", "")
    copy_named_files(answers["Image"], raw / "train", public / "test", "")
