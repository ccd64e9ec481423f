"""Synthetic osic-pulmonary-fibrosis-progression download: train.csv and test.csv (Patient,
Weeks, FVC, Percent, Age, Sex, SmokingStatus), sample_submission.csv (Patient_Week, FVC,
Confidence for every test patient and week -12 .. 133) and one folder of CT slices per
patient, ``train/<Patient>/<n>.dcm`` and ``test/<Patient>/<n>.dcm``.

Kaggle's scans hold tens to hundreds of 512 x 512 slices; here ``n_slices`` (default 3) tiny
16-bit DICOM files. Each patient's FVC declines linearly from a baseline that depends on
sex, age and smoking, with noise, so a per-patient slope model learns it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_dicom

SMOKING = ["Ex-smoker", "Never smoked", "Currently smokes"]
SLICE_SIZE = 16


def _patient_ids(gen: np.random.Generator, n: int) -> list[str]:
    numbers = gen.choice(10**12, n, replace=False)
    return [f"ID{number:012d}{int(gen.integers(10**7, 10**8))}" for number in numbers]


def _visits(gen: np.random.Generator, patient: str) -> pd.DataFrame:
    sex = str(gen.choice(["Male", "Female"], p=[0.79, 0.21]))
    age = int(gen.integers(49, 89))
    smoking = str(gen.choice(SMOKING, p=[0.67, 0.28, 0.05]))
    expected = (3900 if sex == "Male" else 2700) - 14 * (age - 67)
    baseline = expected * gen.uniform(0.5, 1.1)
    slope = gen.normal(-6 if smoking == "Currently smokes" else -4, 3)
    first = int(gen.integers(-5, 12))
    weeks = np.unique(first + np.cumsum(gen.integers(1, 16, int(gen.integers(6, 11)))) - 1)
    fvc = np.round(baseline + slope * (weeks - first) + gen.normal(0, 60, len(weeks)))
    fvc = np.maximum(fvc, 800).astype(int)
    return pd.DataFrame(
        {
            "Patient": patient,
            "Weeks": weeks,
            "FVC": fvc,
            "Percent": fvc / expected * 100,
            "Age": age,
            "Sex": sex,
            "SmokingStatus": smoking,
        }
    )


def _write_scan(
    gen: np.random.Generator, folder: Path, patient: str, uid: int, n_slices: int
) -> None:
    for number in range(1, n_slices + 1):
        pixels = gen.integers(0, 2500, (SLICE_SIZE, SLICE_SIZE)).astype(np.uint16)
        write_dicom(
            pixels,
            folder / patient / f"{number}.dcm",
            SOPInstanceUID=f"2.25.{uid}.{number}",
            Modality="CT",
            PatientName=patient,
            PatientID=patient,
            BodyPartExamined="CHEST",
            InstanceNumber=str(number),
        )


def generate(
    out_dir: Path, seed: int = 0, n_patients: int = 40, n_test: int = 5, n_slices: int = 3
) -> None:
    gen = rng(seed, "osic-pulmonary-fibrosis-progression")
    patients = _patient_ids(gen, n_patients + n_test)
    visits = [_visits(gen, patient) for patient in patients]
    write_csv(pd.concat(visits[:n_patients], ignore_index=True), out_dir / "train.csv")
    test = pd.concat([frame.iloc[[0]] for frame in visits[n_patients:]], ignore_index=True)
    write_csv(test, out_dir / "test.csv")
    sample = pd.DataFrame(
        [(f"{p}_{week}", 2000, 100) for week in range(-12, 134) for p in test["Patient"]],
        columns=["Patient_Week", "FVC", "Confidence"],
    )
    write_csv(sample, out_dir / "sample_submission.csv")
    for number, patient in enumerate(patients):
        split = "train" if number < n_patients else "test"
        _write_scan(gen, out_dir / split, patient, 1000 + number, n_slices)
