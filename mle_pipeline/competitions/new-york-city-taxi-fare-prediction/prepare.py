"""new-york-city-taxi-fare-prediction: 9,914 rows of train.csv (the size of Kaggle's own test
set) become the test set; the other ~55 M rows are published as public/labels.csv.

The 5.7 GB train.csv is never loaded whole: ``streaming.split_csv`` reproduces pandas'
``train_test_split`` + ``to_csv`` output in bounded memory (under ~1 GB for 55 M rows).
"""

import shutil
from pathlib import Path

import pyarrow as pa

from mle_pipeline.prepare.tables import scratch_dir, write_csv

from .streaming import split_csv

TEST_ROWS = 9914
# The types pandas infers for Kaggle's train.csv (key and pickup_datetime stay strings).
COLUMN_TYPES = {
    "key": pa.string(),
    "fare_amount": pa.float64(),
    "pickup_datetime": pa.string(),
    "pickup_longitude": pa.float64(),
    "pickup_latitude": pa.float64(),
    "dropoff_longitude": pa.float64(),
    "dropoff_latitude": pa.float64(),
    "passenger_count": pa.int64(),
}
SAMPLE_FARE = 11.35


def split_test_size(n_rows: int) -> float | int:
    """MLE-bench's row count; small sample data keeps a 10 % test set instead."""
    return TEST_ROWS if n_rows > 2 * TEST_ROWS else 0.1


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as scratch:
        test = split_csv(
            raw / "train.csv",
            public / "labels.csv",
            test_size=split_test_size,
            random_state=0,
            column_types=COLUMN_TYPES,
            scratch=Path(scratch),
            disjoint_column="key",
        )
    sample = test[["key"]].copy()
    sample["fare_amount"] = SAMPLE_FARE

    write_csv(test.drop(columns=["fare_amount"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
    shutil.copy(raw / "GCP-Coupons-Instructions.rtf", public / "GCP-Coupons-Instructions.rtf")
