"""playground-series-s3e18: 10 % of train.csv becomes the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``). The private test.csv
keeps every column (all six EC labels); the public test.csv drops EC1..EC6; the sample
submission predicts 0.5 for EC1 and EC2.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

LABELS = [f"EC{i}" for i in range(1, 7)]


def prepare(raw: Path, public: Path, private: Path) -> None:
    frame = read_csv(raw / "train.csv")
    missing = [c for c in ["id", *LABELS] if c not in frame.columns]
    if missing:
        raise ValueError(f"{raw / 'train.csv'}: missing column(s) {missing}")
    train, test = split_rows(frame, test_size=0.1, random_state=0)

    sample = test[["id"]].copy()
    sample["EC1"] = 0.5
    sample["EC2"] = 0.5
    write_csv(sample, public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=LABELS), public / "test.csv")
