"""us-patent-phrase-to-phrase-matching: 10 % of train.csv becomes the test set.

The answers are the test rows with every column; the sample submission scores 0 everywhere
(a constant, so its Pearson correlation is undefined: see the config's known_issues).
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

COLUMNS = ["id", "anchor", "target", "context", "score"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    pairs = read_csv(path, COLUMNS)
    train, test = split_rows(pairs, test_size=0.1, random_state=0)

    sample = test[["id", "score"]].copy()
    sample["score"] = 0
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=["score"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
