"""Synthetic siim-isic-melanoma download: train.csv, test.csv, sample_submission.csv, and
every image three times, as on Kaggle: DICOM (``train/``, ``test/``), JPEG (``jpeg/train/``,
``jpeg/test/``) and TFRecord (``tfrecords/trainNN-<count>.tfrec``, ``testNN-<count>.tfrec``).

Small 32x32 RGB images; the DICOMs are minimal uncompressed files (Kaggle's hold compressed
pixels and more tags). A patient's images share one TFRecord file; each training file holds
at least one melanoma and one benign lesion. A melanoma is a larger, darker, two-tone spot,
and older patients have more of them.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import (
    rng,
    sigmoid,
    write_csv,
    write_dicom,
    write_image,
)
from mle_pipeline.tfrecord import tf_example, write_tfrecord

SIZE = 32
N_RECORD_FILES = 16
SITES = ["head/neck", "upper extremity", "lower extremity", "torso", "palms/soles", "oral/genital"]
BENIGN = ["unknown", "unknown", "unknown", "nevus", "seborrheic keratosis", "lentigo NOS"]
DIAGNOSES = [
    "atypical melanocytic proliferation",
    "cafe-au-lait macule",
    "lentigo NOS",
    "lichenoid keratosis",
    "melanoma",
    "nevus",
    "seborrheic keratosis",
    "solar lentigo",
    "unknown",
]


def _lesion(gen: np.random.Generator, melanoma: bool) -> np.ndarray:
    skin = np.array([215.0, 165.0, 140.0]) + gen.normal(0, 8, 3)
    pixels = skin + gen.normal(0, 6, (SIZE, SIZE, 3))
    yy, xx = np.mgrid[:SIZE, :SIZE]
    cy, cx = gen.uniform(12, 20, 2)
    radius = gen.uniform(8, 12) if melanoma else gen.uniform(4, 8)
    spot = ((yy - cy) / radius) ** 2 + ((xx - cx) / (radius * gen.uniform(0.7, 1.3))) ** 2 <= 1
    pixels[spot] = [150.0, 95.0, 70.0] + gen.normal(0, 10, (int(spot.sum()), 3))
    if melanoma:
        core = spot & (gen.random((SIZE, SIZE)) < 0.5)
        pixels[core] = [60.0, 35.0, 40.0] + gen.normal(0, 10, (int(core.sum()), 3))
    return pixels


def _patients(gen: np.random.Generator, n: int, first_number: int) -> pd.DataFrame:
    """One row per image: patient, sex, age, site and TFRecord file (one per patient)."""
    rows = []
    for number in range(n):
        sex = gen.choice(["male", "female", None], p=[0.5, 0.47, 0.03])
        age = float(gen.choice(np.arange(20, 90, 5))) if gen.random() > 0.03 else np.nan
        for _ in range(int(gen.integers(1, 5))):
            site = gen.choice([*SITES, None], p=[0.1, 0.15, 0.25, 0.45, 0.02, 0.01, 0.02])
            rows.append(
                {
                    "patient_id": f"IP_{first_number + 7919 * number:07d}",
                    "sex": sex,
                    "age_approx": age,
                    "anatom_site_general_challenge": site,
                    "file": number % N_RECORD_FILES,
                }
            )
    return pd.DataFrame(rows)


def _targets(gen: np.random.Generator, patients: pd.DataFrame) -> np.ndarray:
    """About a quarter melanoma, older patients more often, and at least one melanoma and one
    benign lesion per file."""
    target = np.zeros(len(patients), dtype=int)
    files = patients["file"].to_numpy()
    weights = sigmoid((patients["age_approx"].fillna(50).to_numpy() - 50) / 8)
    for file in np.unique(files):
        rows = np.flatnonzero(files == file)
        positives = max(1, round(0.25 * len(rows))) if len(rows) > 1 else int(gen.random() < 0.25)
        chance = weights[rows] / weights[rows].sum()
        target[gen.choice(rows, positives, replace=False, p=chance)] = 1
    return target


def _write_images(gen: np.random.Generator, frame: pd.DataFrame, out_dir: Path, split: str):
    """Each image as a DICOM and a JPEG file, and in its TFRecord file."""
    records: dict[int, list[bytes]] = {}
    for row in frame.itertuples(index=False):
        melanoma = row.target if split == "train" else gen.random() < 0.25
        pixels = _lesion(gen, bool(melanoma))
        jpeg = write_image(pixels, out_dir / "jpeg" / split / f"{row.image_name}.jpg")
        age = "" if np.isnan(row.age_approx) else f"{int(row.age_approx):03d}Y"
        site = row.anatom_site_general_challenge
        write_dicom(
            pixels,
            out_dir / split / f"{row.image_name}.dcm",
            SOPInstanceUID=f"2.25.{int(row.image_name[5:]) * 7777}",
            Modality="XC",
            PatientName=row.image_name,
            PatientID=row.patient_id,
            PatientSex={"male": "M", "female": "F"}.get(row.sex, ""),
            PatientAge=age,
            BodyPartExamined=(site or "").upper().replace("/", " ").replace(" ", "_"),
        )
        features = {
            "image": jpeg.read_bytes(),
            "image_name": row.image_name,
            "patient_id": int(row.patient_id[3:]),
            "sex": {"male": 1, "female": 0}.get(row.sex, -1),
            "age_approx": -1 if np.isnan(row.age_approx) else int(row.age_approx),
            "anatom_site_general_challenge": SITES.index(site) if site else -1,
        }
        if split == "train":
            features["diagnosis"] = DIAGNOSES.index(row.diagnosis)
            features["target"] = int(row.target)
        records.setdefault(row.file, []).append(tf_example(features))
    for number, examples in sorted(records.items()):
        name = f"{split}{number:02d}-{len(examples)}.tfrec"
        write_tfrecord(examples, out_dir / "tfrecords" / name)


def generate(out_dir: Path, seed: int = 0, n_patients: int = 48, n_test_patients: int = 16) -> None:
    gen = rng(seed, "siim-isic-melanoma-classification")
    train = _patients(gen, n_patients, 100_000)
    train["target"] = _targets(gen, train)
    train["diagnosis"] = np.where(train["target"] == 1, "melanoma", gen.choice(BENIGN, len(train)))
    train["benign_malignant"] = np.where(train["target"] == 1, "malignant", "benign")
    test = _patients(gen, n_test_patients, 5_000_000)
    names = gen.choice(9 * 10**6, len(train) + len(test), replace=False) + 10**6
    train.insert(0, "image_name", [f"ISIC_{n:07d}" for n in names[: len(train)]])
    test.insert(0, "image_name", [f"ISIC_{n:07d}" for n in names[len(train) :]])

    columns = ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]
    train_columns = [*columns, "diagnosis", "benign_malignant", "target"]
    write_csv(train[train_columns].sort_values("image_name"), out_dir / "train.csv")
    write_csv(test[columns].sort_values("image_name"), out_dir / "test.csv")
    sample = test[["image_name"]].sort_values("image_name").assign(target=0)
    write_csv(sample, out_dir / "sample_submission.csv")
    _write_images(gen, train, out_dir, "train")
    _write_images(gen, test, out_dir, "test")
