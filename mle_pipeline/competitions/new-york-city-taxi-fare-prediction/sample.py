"""Synthetic new-york-city-taxi-fare-prediction download: train.csv, test.csv,
sample_submission.csv and GCP-Coupons-Instructions.rtf, unzipped as Kaggle ships them.

Values are written as text the way Kaggle's file has them: keys are the pickup time plus a
unique fractional suffix, coordinates carry up to six decimals with trailing zeros dropped,
whole fares have no decimal point, a few rides have zero or missing coordinates.
The fare grows with the ride's length, so coordinates carry the signal.

``generate(..., n_train=5_000_000)`` writes train.csv in chunks (used by the benchmark).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng

START = np.datetime64("2009-01-01T00:00:00", "s")
SPAN_SECONDS = 6 * 365 * 24 * 3600
RTF = (
    "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Helvetica;}}\n"
    "\\f0\\fs24 Synthetic stand-in for Kaggle's cloud coupon instructions.\\par\n}\n"
)


def _decimal_text(values: np.ndarray, decimals: int) -> np.ndarray:
    """Shortest text of the rounded values; whole numbers without a decimal point."""
    rounded = np.round(values, decimals)
    text = rounded.astype(str)
    whole = rounded == np.floor(rounded)
    text[whole] = rounded[whole].astype(np.int64).astype(str)
    return text.astype(object)


def _rides(gen: np.random.Generator, first: int, n: int, with_fare: bool) -> pd.DataFrame:
    seconds = gen.integers(0, SPAN_SECONDS, n)
    stamps = np.datetime_as_string(START + seconds.astype("timedelta64[s]"), unit="s")
    stamps = np.char.replace(stamps, "T", " ")
    suffix = np.char.zfill(np.arange(first + 1, first + n + 1).astype(str), 7)
    pickup = np.column_stack([gen.normal(-73.975, 0.035, n), gen.normal(40.75, 0.03, n)])
    dropoff = pickup + gen.normal(0, 0.025, (n, 2))
    km = np.hypot((dropoff[:, 0] - pickup[:, 0]) * 84.0, (dropoff[:, 1] - pickup[:, 1]) * 111.0)
    pickup[gen.random(n) < 0.02] = 0.0  # rides logged without a position
    frame = pd.DataFrame({"key": np.char.add(np.char.add(stamps, "."), suffix).astype(object)})
    if with_fare:
        fare = np.maximum(2.5, 2.5 + 1.9 * km + gen.normal(0, 1.5, n))
        frame["fare_amount"] = _decimal_text(np.round(fare * 2) / 2, 2)
    frame["pickup_datetime"] = np.char.add(stamps, " UTC").astype(object)
    names = ["pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude"]
    for j, name in enumerate(names):
        coords = pickup if j < 2 else dropoff
        frame[name] = _decimal_text(coords[:, j % 2], 6)
    missing = gen.random(n) < 0.002
    frame.loc[missing, ["dropoff_longitude", "dropoff_latitude"]] = None
    frame["passenger_count"] = gen.choice([0, 1, 1, 1, 1, 2, 2, 3, 5, 6], n)
    return frame


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 400,
    n_test: int = 100,
    chunk_rows: int = 500_000,
) -> None:
    gen = rng(seed, "new-york-city-taxi-fare-prediction")
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "train.csv", "w", newline="", encoding="utf-8") as handle:
        for first in range(0, n_train, chunk_rows):
            rides = _rides(gen, first, min(chunk_rows, n_train - first), with_fare=True)
            rides.to_csv(handle, header=first == 0, index=False)
    test = _rides(gen, 0, n_test, with_fare=False)
    test.to_csv(out_dir / "test.csv", index=False)
    sample = pd.DataFrame({"key": test["key"], "fare_amount": 11.35})
    sample.to_csv(out_dir / "sample_submission.csv", index=False)
    (out_dir / "GCP-Coupons-Instructions.rtf").write_text(RTF, encoding="utf-8")
