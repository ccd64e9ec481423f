"""Synthetic icecube-neutrinos-in-deep-ice download in Kaggle's layout: train_meta.parquet
and test_meta.parquet (batch_id, event_id, first/last_pulse_index; azimuth and zenith in
train), pulses in ``train/batch_<n>.parquet`` and ``test/batch_<n>.parquet`` (index
``event_id``; sensor_id, time, charge, auxiliary), sensor_geometry.csv (sensor_id, x, y, z)
and sample_submission.parquet.

Kaggle's 660 training batches hold 200,000 events each; here ``n_batches`` of
``events_per_batch``. A neutrino's light sweeps the detector along its direction, so a
pulse's time grows with its sensor's position along the direction of travel: a line fit of
time against position recovers the angles.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mle_pipeline.sources.synthetic import rng, write_csv

LIGHT_NS_PER_M = 3.3


def _write(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=index), path)


def _batch(gen, geometry: np.ndarray, batch_id: int, first_event: int, n_events: int):
    """Meta rows (with angles) and pulse rows of one batch."""
    azimuth = gen.uniform(0, 2 * np.pi, n_events)
    zenith = np.arccos(gen.uniform(-1, 1, n_events))
    meta, pulses, start = [], [], 0
    for i in range(n_events):
        origin = np.array(
            [np.cos(azimuth[i]) * np.sin(zenith[i]), np.sin(azimuth[i]) * np.sin(zenith[i])]
            + [np.cos(zenith[i])]
        )
        n_pulses = int(gen.integers(8, 30))
        sensors = gen.choice(len(geometry), n_pulses, replace=False)
        travel = geometry[sensors] @ -origin  # metres along the direction of travel
        time = 10_000 + LIGHT_NS_PER_M * travel + gen.normal(0, 5, n_pulses)
        order = np.argsort(time)
        pulses.append(
            pd.DataFrame(
                {
                    "event_id": first_event + i,
                    "sensor_id": sensors[order].astype(np.int16),
                    "time": np.round(time[order]).astype(np.int64),
                    "charge": np.round(gen.gamma(2, 0.6, n_pulses), 3),
                    "auxiliary": gen.random(n_pulses) < 0.2,
                }
            )
        )
        meta.append((batch_id, first_event + i, start, start + n_pulses - 1))
        start += n_pulses
    meta = pd.DataFrame(
        meta, columns=["batch_id", "event_id", "first_pulse_index"] + ["last_pulse_index"]
    )
    meta["azimuth"], meta["zenith"] = azimuth, zenith
    return meta, pd.concat(pulses, ignore_index=True).set_index("event_id")


def generate(
    out_dir: Path,
    seed: int = 0,
    n_batches: int = 20,
    events_per_batch: int = 10,
    n_sensors: int = 160,
) -> None:
    gen = rng(seed, "icecube-neutrinos-in-deep-ice")
    geometry = np.round(gen.uniform(-500, 500, (n_sensors, 3)), 2)
    sensors = pd.DataFrame(geometry, columns=["x", "y", "z"])
    sensors.insert(0, "sensor_id", np.arange(n_sensors))
    write_csv(sensors, out_dir / "sensor_geometry.csv")
    metas, event = [], int(gen.integers(20, 100))
    for batch_id in range(1, n_batches + 2):  # the last batch is Kaggle's test batch
        meta, pulses = _batch(gen, geometry, batch_id, event, events_per_batch)
        side = "test" if batch_id > n_batches else "train"
        _write(pulses, out_dir / side / f"batch_{batch_id}.parquet", index=True)
        metas.append(meta)
        event += events_per_batch + int(gen.integers(0, 50)) * events_per_batch
    _write(pd.concat(metas[:-1], ignore_index=True), out_dir / "train_meta.parquet")
    test = metas[-1]
    _write(test.drop(columns=["azimuth", "zenith"]), out_dir / "test_meta.parquet")
    sample = test[["event_id"]].assign(azimuth=1.0, zenith=1.0)
    _write(sample, out_dir / "sample_submission.parquet")
