"""spaceship-titanic: 10 % of Kaggle's train.csv becomes the test set (random_state 0)."""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

TARGET = "Transported"
ID = "PassengerId"


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)

    sample = test[[ID, TARGET]].copy()
    sample[TARGET] = False
    write_csv(sample, public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=[TARGET]), public / "test.csv")
