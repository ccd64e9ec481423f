"""detecting-insults: Kaggle published the labelled test set, so no split is needed.

The public test is rebuilt from the labelled test by dropping the labels (the test file
currently on Kaggle is the later verification set, which MLE-bench ignores).
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_file, read_csv, write_csv

COLUMNS = ["Insult", "Date", "Comment"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    copy_file(raw / "train.csv", public / "train.csv")
    copy_file(raw / "test_with_solutions.csv", private / "test.csv")

    gold = read_csv(private / "test.csv")[COLUMNS]
    write_csv(gold, private / "gold_submission.csv")
    write_csv(gold.drop(columns=["Insult"]), public / "test.csv")
    sample = gold.copy()
    sample["Insult"] = 0
    write_csv(sample, public / "sample_submission_null.csv")

    train = read_csv(public / "train.csv")
    if list(train.columns) != COLUMNS:
        raise ValueError(
            f"{raw / 'train.csv'}: expected columns {COLUMNS}, got {list(train.columns)}"
        )
    if not set(train["Comment"]).isdisjoint(gold["Comment"]):
        raise ValueError(
            "train and test comments overlap; the raw download is not the expected one"
        )
