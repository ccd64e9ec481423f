"""Synthetic hms-harmful-brain-activity-classification download: train.csv (Kaggle's 15
columns), test.csv, sample_submission.csv, ``train_eegs/<eeg_id>.parquet`` (19 EEG channels
and EKG, 200 Hz), ``train_spectrograms/<spectrogram_id>.parquet`` (``time`` and 400
``LL_/RL_/LP_/RP_<Hz>`` columns), the test folders and example_figures/.

Each spectrogram has one or two EEGs, each EEG one to four labelled windows; an EEG's votes
lean to one class, whose rhythm (a sine of its own frequency) runs through its channels, so
a model on the channels' spectra learns it. ``n_spectrograms`` scales the sample,
``n_eeg_rows`` the recordings (Kaggle's EEGs hold 50 s, 10,000 rows).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

from .prepare import COLUMNS, VOTES

CLASSES = ["Seizure", "LPD", "GPD", "LRDA", "GRDA", "Other"]
CHANNELS = "Fp1 F3 C3 P3 F7 T3 T5 O1 Fz Cz Pz Fp2 F4 C4 P4 F8 T4 T6 O2 EKG".split()
FREQUENCIES = np.round(np.linspace(0.59, 19.92, 100), 2)
SPECTRUM = [f"{region}_{hz:.2f}" for region in ("LL", "RL", "LP", "RP") for hz in FREQUENCIES]
SAMPLE_RATE = 200


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def _eeg(gen: np.random.Generator, label: int, rows: int) -> pd.DataFrame:
    t = np.arange(rows) / SAMPLE_RATE
    rhythm = 40 * np.sin(2 * np.pi * (1.5 + 2 * label) * t)
    noise = gen.normal(0, 15, (rows, len(CHANNELS)))
    return pd.DataFrame((noise + rhythm[:, None]).astype(np.float32), columns=CHANNELS)


def _spectrogram(gen: np.random.Generator, label: int, rows: int) -> pd.DataFrame:
    power = gen.gamma(2.0, 1.0, (rows, len(SPECTRUM)))
    power[:, np.abs(np.tile(FREQUENCIES, 4) - (1.5 + 2 * label)) < 0.5] *= 8
    frame = pd.DataFrame(power.astype(np.float32), columns=SPECTRUM)
    frame.insert(0, "time", np.arange(1, 2 * rows, 2, dtype=np.float32))
    return frame


def _votes(gen: np.random.Generator, label: int) -> list[int]:
    """One to 17 experts' votes, nine in ten for ``label``."""
    share = np.full(len(CLASSES), 0.02)
    share[label] = 0.9
    return gen.multinomial(int(gen.integers(1, 18)), share).tolist()


def generate(
    out_dir: Path,
    seed: int = 0,
    n_spectrograms: int = 40,
    n_test: int = 2,
    n_eeg_rows: int = 1_000,
    n_spectrogram_rows: int = 20,
) -> None:
    gen = rng(seed, "hms-harmful-brain-activity-classification")
    ids = 100_000 + gen.choice(2_147_000_000, 4 * (n_spectrograms + n_test), replace=False)
    spectrogram_ids, eeg_ids = ids[: n_spectrograms + n_test], iter(ids[n_spectrograms + n_test :])
    patients = 10_000 + gen.choice(55_536, max(1, n_spectrograms // 2), replace=False)
    rows, label_ids = [], iter(1 + gen.choice(4_294_967_294, 8 * n_spectrograms, replace=False))
    for spectrogram_id in spectrogram_ids[:n_spectrograms]:
        patient, offset, sub = int(gen.choice(patients)), 0.0, 0
        for _ in range(int(gen.integers(1, 3))):
            eeg_id, label = int(next(eeg_ids)), int(gen.integers(0, len(CLASSES)))
            _write_parquet(
                _eeg(gen, label, n_eeg_rows), out_dir / "train_eegs" / f"{eeg_id}.parquet"
            )
            for eeg_sub in range(int(gen.integers(1, 5))):
                votes = _votes(gen, label)
                rows.append(
                    [eeg_id, eeg_sub, 2.0 * eeg_sub, int(spectrogram_id), sub, offset + 2 * eeg_sub]
                    + [int(next(label_ids)), patient, CLASSES[int(np.argmax(votes))], *votes]
                )
                sub += 1
            offset += 2.0 * 4
        _write_parquet(
            _spectrogram(gen, label, n_spectrogram_rows),
            out_dir / "train_spectrograms" / f"{spectrogram_id}.parquet",
        )
    write_csv(pd.DataFrame(rows, columns=COLUMNS), out_dir / "train.csv")

    test = []
    for spectrogram_id in spectrogram_ids[n_spectrograms:]:
        eeg_id, label = int(next(eeg_ids)), int(gen.integers(0, len(CLASSES)))
        _write_parquet(_eeg(gen, label, n_eeg_rows), out_dir / "test_eegs" / f"{eeg_id}.parquet")
        _write_parquet(
            _spectrogram(gen, label, n_spectrogram_rows),
            out_dir / "test_spectrograms" / f"{spectrogram_id}.parquet",
        )
        test.append([int(spectrogram_id), eeg_id, int(gen.choice(patients))])
    test = pd.DataFrame(test, columns=["spectrogram_id", "eeg_id", "patient_id"])
    write_csv(test, out_dir / "test.csv")
    write_csv(
        test[["eeg_id"]].assign(**{v: 1 / len(VOTES) for v in VOTES}),
        out_dir / "sample_submission.csv",
    )
    for label, name in enumerate(CLASSES):
        trace = np.full((40, 120), 255)
        wave = (20 + 12 * np.sin(np.arange(120) * (0.1 + 0.1 * label))).astype(int)
        trace[wave, np.arange(120)] = 0
        write_image(trace, out_dir / "example_figures" / f"{name}.png")
