"""tabular-playground-series-may-2022: 100,000 rows of train.csv become the test set.

Ids are renumbered: 0..n_train-1 for train, then consecutive for test, in shuffled order.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

TEST_ROWS = 100_000


def prepare(raw: Path, public: Path, private: Path) -> None:
    frame = read_csv(raw / "train.csv")
    # An int test_size is a row count; small sample data keeps MLE-bench's share instead.
    test_size = TEST_ROWS if len(frame) > 2 * TEST_ROWS else TEST_ROWS / 900_000
    train, test = split_rows(frame, test_size=test_size, random_state=0)
    train["id"] = np.arange(len(train))
    test["id"] = np.arange(len(train), len(train) + len(test))

    gold = test[["id", "target"]].copy()
    sample = gold.copy()
    sample["target"] = 0.5

    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=["target"]), public / "test.csv")
    write_csv(gold, private / "gold_submission.csv")
    write_csv(sample, public / "sample_submission.csv")
