"""Synthetic smartphone-decimeter-2022 download: ``train/<drive>/<phone>/`` with
device_gnss.csv, device_imu.csv, ground_truth.csv and supplemental/ (gnss_log.txt,
gnss_rinex.2Xo, span_log.nmea), ``test/<drive>/<phone>/`` without the truth files,
metadata/ and sample_submission.csv.

Drives are named ``YYYY-MM-DD-US-<area>-<n>`` as on Kaggle, some dates with two drives. A
phone's truth is a smooth path around Mountain View sampled each second; device_gnss.csv's
WLS positions are that path in ECEF metres plus noise, so smoothing them learns it; the
reference receiver's span_log.nmea carries the truth as GGA sentences (the leak MLE-bench's
issue #93 describes). ``n_dates`` scales the sample, ``n_epochs`` each trip's length.
"""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

PHONES = ["GooglePixel4", "GooglePixel4XL", "GooglePixel5", "SamsungGalaxyS20Ultra", "XiaomiMi8"]
AREAS = ["MTV", "SJC", "LAX", "SVL"]
SAMPLE_LATITUDE, SAMPLE_LONGITUDE = 37.904611315634504, -86.48107806249548
WGS84_A, WGS84_E2 = 6378137.0, 6.69437999013e-3
TRUTH = [
    "MessageType",
    "Provider",
    "LatitudeDegrees",
    "LongitudeDegrees",
    "AltitudeMeters",
    "SpeedMps",
    "AccuracyMeters",
    "BearingDegrees",
    "UnixTimeMillis",
]
METADATA = {
    "constellation_type_mapping.csv": "ConstellationType,ConstellationName\n0,UNKNOWN\n1,GPS\n"
    "2,SBAS\n3,GLONASS\n4,QZSS\n5,BEIDOU\n6,GALILEO\n7,IRNSS\n",
    "raw_state_bit_map.json": '{"0": "STATE_CODE_LOCK", "1": "STATE_BIT_SYNC", '
    '"2": "STATE_SUBFRAME_SYNC", "3": "STATE_TOW_DECODED"}\n',
    "accumulated_delta_range_state_bit_map.json": '{"0": "ADR_STATE_VALID", '
    '"1": "ADR_STATE_RESET", "2": "ADR_STATE_CYCLE_SLIP"}\n',
}


def _ecef(lat: np.ndarray, lon: np.ndarray, height: np.ndarray) -> np.ndarray:
    lat, lon = np.deg2rad(lat), np.deg2rad(lon)
    n = WGS84_A / np.sqrt(1 - WGS84_E2 * np.sin(lat) ** 2)
    return np.column_stack(
        [
            (n + height) * np.cos(lat) * np.cos(lon),
            (n + height) * np.cos(lat) * np.sin(lon),
            (n * (1 - WGS84_E2) + height) * np.sin(lat),
        ]
    )


def _truth(gen: np.random.Generator, start_ms: int, epochs: int) -> pd.DataFrame:
    heading = gen.uniform(0, 2 * np.pi) + np.cumsum(gen.normal(0, 0.03, epochs))
    speed = np.clip(12 + np.cumsum(gen.normal(0, 0.3, epochs)), 0, 30)
    north, east = np.cumsum(speed * np.cos(heading)), np.cumsum(speed * np.sin(heading))
    lat = 37.4 + gen.uniform(-0.05, 0.05) + north / 111_000
    lon = -122.08 + gen.uniform(-0.05, 0.05) + east / 88_000
    return pd.DataFrame(
        {
            "MessageType": "Fix",
            "Provider": "GT",
            "LatitudeDegrees": lat.round(9),
            "LongitudeDegrees": lon.round(9),
            "AltitudeMeters": (gen.uniform(-30, 10) + np.cumsum(gen.normal(0, 0.1, epochs))).round(
                3
            ),
            "SpeedMps": speed.round(6),
            "AccuracyMeters": 0.1,
            "BearingDegrees": np.rad2deg(heading % (2 * np.pi)).round(6),
            "UnixTimeMillis": start_ms + 1000 * np.arange(epochs, dtype=np.int64),
        },
        columns=TRUTH,
    )


def _gnss(gen: np.random.Generator, truth: pd.DataFrame) -> pd.DataFrame:
    """Per epoch a few satellites' raw measurements with the noisy WLS position."""
    xyz = _ecef(truth["LatitudeDegrees"], truth["LongitudeDegrees"], truth["AltitudeMeters"])
    rows = []
    for epoch, (millis, position) in enumerate(zip(truth["UnixTimeMillis"], xyz, strict=True)):
        wls = (position + gen.normal(0, 3.0, 3)).round(3)
        for svid in sorted(gen.choice(np.arange(1, 33), 4, replace=False)):
            rows.append(
                {
                    "MessageType": "Raw",
                    "utcTimeMillis": int(millis),
                    "TimeNanos": 10**12 + epoch * 10**9,
                    "Svid": int(svid),
                    "ConstellationType": 1,
                    "SignalType": "GPS_L1",
                    "Cn0DbHz": round(float(gen.uniform(15, 45)), 2),
                    "RawPseudorangeMeters": round(float(gen.uniform(2e7, 2.6e7)), 3),
                    "WlsPositionXEcefMeters": wls[0],
                    "WlsPositionYEcefMeters": wls[1],
                    "WlsPositionZEcefMeters": wls[2],
                }
            )
    return pd.DataFrame(rows)


def _imu(gen: np.random.Generator, truth: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for millis in truth["UnixTimeMillis"]:
        for kind in ("UncalAccel", "UncalGyro", "UncalMag"):
            x, y, z = gen.normal(0, 1, 3).round(6)
            rows.append(
                {"MessageType": kind, "utcTimeMillis": int(millis), "MeasurementX": x}
                | {"MeasurementY": y, "MeasurementZ": z, "BiasX": 0.0, "BiasY": 0.0, "BiasZ": 0.0}
            )
    return pd.DataFrame(rows)


def _nmea_line(body: str) -> str:
    checksum = 0
    for char in body:
        checksum ^= ord(char)
    return f"${body}*{checksum:02X}\n"


def _degrees_minutes(value: float, width: int) -> str:
    degrees = int(abs(value))
    return f"{degrees:0{width}d}{(abs(value) - degrees) * 60:08.5f}"


def _span_log(truth: pd.DataFrame) -> str:
    """The reference receiver's positions as NMEA GGA sentences, one per second."""
    lines = []
    for row in truth.itertuples():
        clock = dt.datetime.fromtimestamp(row.UnixTimeMillis / 1000, dt.UTC).strftime("%H%M%S.00")
        lat, lon = row.LatitudeDegrees, row.LongitudeDegrees
        body = (
            f"GPGGA,{clock},{_degrees_minutes(lat, 2)},{'N' if lat >= 0 else 'S'},"
            f"{_degrees_minutes(lon, 3)},{'E' if lon >= 0 else 'W'},4,20,0.8,"
            f"{row.AltitudeMeters:.3f},M,0.000,M,,"
        )
        lines.append(_nmea_line(body))
    return "".join(lines)


def _phone_folder(gen, folder: Path, phone: str, truth: pd.DataFrame, with_truth: bool) -> None:
    write_csv(_gnss(gen, truth), folder / "device_gnss.csv")
    write_csv(_imu(gen, truth), folder / "device_imu.csv")
    supplemental = folder / "supplemental"
    supplemental.mkdir(parents=True, exist_ok=True)
    fixes = "".join(
        f"Fix,GPS,{r.LatitudeDegrees + gen.normal(0, 3e-5):.9f},"
        f"{r.LongitudeDegrees + gen.normal(0, 3e-5):.9f},{r.UnixTimeMillis}\n"
        for r in truth.itertuples()
    )
    (supplemental / "gnss_log.txt").write_text(
        f"# Version: v3.0.0.1 Platform: 11 Model: {phone}\n" + fixes
    )
    year = str(pd.Timestamp(int(truth["UnixTimeMillis"].iloc[0]), unit="ms").year)[-2:]
    (supplemental / f"gnss_rinex.{year}o").write_text(
        "     3.03           OBSERVATION DATA    M                   RINEX VERSION / TYPE\n"
    )
    if with_truth:
        write_csv(truth, folder / "ground_truth.csv")
        (supplemental / "span_log.nmea").write_text(_span_log(truth))


def _drives(gen: np.random.Generator, n_dates: int, first: dt.date) -> list[tuple[str, int]]:
    """(drive id, start in Unix milliseconds): one or two drives per date."""
    days = sorted(gen.choice(np.arange(700), n_dates, replace=False))
    drives = []
    for day in days:
        date = first + dt.timedelta(days=int(day))
        area = str(gen.choice(AREAS))
        for number in range(1, int(gen.integers(1, 3)) + 1):
            start = dt.datetime(date.year, date.month, date.day, 17 + number, tzinfo=dt.UTC)
            drives.append((f"{date:%Y-%m-%d}-US-{area}-{number}", int(start.timestamp() * 1000)))
    return drives


def generate(
    out_dir: Path, seed: int = 0, n_dates: int = 12, n_test_dates: int = 2, n_epochs: int = 40
) -> None:
    gen = rng(seed, "smartphone-decimeter-2022")
    drives = _drives(gen, n_dates + n_test_dates, dt.date(2020, 5, 1))
    test_dates = set(gen.choice(sorted({d[:10] for d, _ in drives}), n_test_dates, replace=False))
    submission = []
    for drive, start in drives:
        part = "test" if drive[:10] in test_dates else "train"
        phones = gen.choice(PHONES, 1 if part == "test" else int(gen.integers(1, 3)), replace=False)
        for phone in sorted(phones):
            truth = _truth(gen, start + int(gen.integers(0, 999)), n_epochs)
            _phone_folder(
                gen, out_dir / part / drive / str(phone), str(phone), truth, part == "train"
            )
            if part == "test":
                submission.append(truth[["UnixTimeMillis"]].assign(tripId=f"{drive}-{phone}"))
    sample = pd.concat(submission, ignore_index=True)[["tripId", "UnixTimeMillis"]]
    sample = sample.assign(LatitudeDegrees=SAMPLE_LATITUDE, LongitudeDegrees=SAMPLE_LONGITUDE)
    write_csv(sample, out_dir / "sample_submission.csv")
    for name, text in METADATA.items():
        (out_dir / "metadata").mkdir(parents=True, exist_ok=True)
        (out_dir / "metadata" / name).write_text(text)
