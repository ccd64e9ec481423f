"""smartphone-decimeter-2022: per trip, the mean of the 50th and 95th percentiles of the
horizontal (haversine) distance between predicted and true positions, averaged over trips.

As MLE-bench (the GSDC 2022 baseline notebook's formula, Earth radius 6,371 km): columns
tripId, UnixTimeMillis, LatitudeDegrees and LongitudeDegrees, one row per test epoch.
MLE-bench pairs a trip's rows by their position in the file and never reads UnixTimeMillis;
here each row is matched by (tripId, UnixTimeMillis), so any row order scores the same and
an epoch that is not in the test set is invalid, with a reason. For rows in the answers'
order the scores are equal.
"""

import numpy as np
import pandas as pd

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.metrics import numeric_values, require_columns, require_row_count

COLUMNS = ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]
EARTH_RADIUS_M = 6_371_000


def haversine_m(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray):
    """Great-circle distance in metres between points given in degrees."""
    lat1, lon1, lat2, lon2 = (np.deg2rad(v) for v in (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def _keys(trips: pd.Series, millis: np.ndarray) -> pd.MultiIndex:
    """(trip, epoch, occurrence): the occurrence tells apart repeated epochs, if any."""
    frame = pd.DataFrame({"trip": trips.astype(str).to_numpy(), "millis": millis})
    occurrence = frame.groupby(["trip", "millis"]).cumcount().to_numpy()
    return pd.MultiIndex.from_arrays([frame["trip"], frame["millis"], occurrence])


def _epochs(submission: pd.DataFrame) -> np.ndarray:
    millis = numeric_values(submission, "UnixTimeMillis")
    if not np.array_equal(millis, np.round(millis)):
        raise InvalidSubmissionError("column 'UnixTimeMillis' must hold whole milliseconds")
    return millis.astype(np.int64)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, COLUMNS)
    require_row_count(submission, answers)
    latitude = numeric_values(submission, "LatitudeDegrees")
    longitude = numeric_values(submission, "LongitudeDegrees")
    expected = _keys(answers["tripId"], answers["UnixTimeMillis"].to_numpy(dtype=np.int64))
    rows = _keys(submission["tripId"], _epochs(submission)).get_indexer(expected)
    if (rows < 0).any():
        first = expected[int(np.flatnonzero(rows < 0)[0])]
        raise InvalidSubmissionError(
            f"{int((rows < 0).sum())} test epoch(s) have no row with their tripId and "
            f"UnixTimeMillis, e.g. {first[0]} at {first[1]}"
        )
    distance = haversine_m(
        latitude[rows],
        longitude[rows],
        answers["LatitudeDegrees"].to_numpy(dtype=float),
        answers["LongitudeDegrees"].to_numpy(dtype=float),
    )
    per_trip = pd.Series(distance).groupby(answers["tripId"].to_numpy(), sort=False)
    scores = (per_trip.quantile(0.5) + per_trip.quantile(0.95)) / 2
    return float(scores.mean())


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[COLUMNS]
