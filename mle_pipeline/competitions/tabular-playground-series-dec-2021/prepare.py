"""tabular-playground-series-dec-2021: 10 % of train.csv becomes the test set.

Ids are kept; the sample submission predicts class 2 (the most common cover type) for all.
The real train.csv (4 M rows, 56 integer columns) is read whole, as MLE-bench does
(about 1.8 GB in pandas).
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

TARGET = "Cover_Type"


def prepare(raw: Path, public: Path, private: Path) -> None:
    frame = read_csv(raw / "train.csv")
    train, test = split_rows(frame, test_size=0.1, random_state=0)
    del frame
    if test["Id"].isin(train["Id"]).any():
        raise ValueError(f"{raw / 'train.csv'}: Ids repeat across rows; not the expected data")

    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=[TARGET]), public / "test.csv")
    write_csv(
        pd.DataFrame({"Id": test["Id"].to_numpy(), TARGET: 2}), public / "sample_submission.csv"
    )
