"""Synthetic rsna-breast-cancer-detection download, in Kaggle's layout: train.csv (one row
per mammogram, Kaggle's 14 columns), test.csv, sample_submission.csv, and
``train_images/<patient_id>/<image_id>.dcm`` and ``test_images/...``.

Each patient has a CC and an MLO view of each breast (sometimes a second MLO).
Mammograms are minimal uncompressed 16-bit DICOMs written by hand (Kaggle's are large and
JPEG 2000 compressed): ``size`` x ``size`` pixels. A breast with cancer shows a bright
spot. Cancer is far more frequent than on Kaggle (about a fifth of patients) so that
small samples have cases in both parts of the split.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_dicom

TEST_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age"]


def _mammogram(gen: np.random.Generator, cancer: bool, size: int) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    pixels = 1200 * (xx < size * 0.7) + gen.normal(0, 80, (size, size))
    if cancer:
        cy, cx = gen.uniform(size * 0.2, size * 0.6, 2)
        pixels[(yy - cy) ** 2 + (xx - cx) ** 2 <= (size / 8) ** 2] += 1500
    return np.clip(pixels, 0, 4095).astype(np.uint16)


def _patients(gen: np.random.Generator, patients: np.ndarray, image_ids) -> pd.DataFrame:
    rows = []
    for patient in patients:
        site, machine = int(gen.integers(1, 3)), int(gen.choice([21, 29, 48, 49, 93, 170]))
        age = float(gen.integers(35, 89)) if gen.random() > 0.02 else np.nan
        implant = int(gen.random() < 0.03)
        density = gen.choice(["A", "B", "C", "D", None])
        sick_side = gen.choice(["L", "R"]) if gen.random() < 0.2 else None
        for side in ("L", "R"):
            cancer = int(side == sick_side)
            views = ["CC", "MLO"] + (["MLO"] if gen.random() < 0.2 else [])
            for view in views:
                biopsy = int(cancer or gen.random() < 0.03)
                rows.append(
                    {
                        "site_id": site,
                        "patient_id": int(patient),
                        "image_id": int(next(image_ids)),
                        "laterality": side,
                        "view": view,
                        "age": age,
                        "cancer": cancer,
                        "biopsy": biopsy,
                        "invasive": int(cancer and gen.random() < 0.7),
                        "BIRADS": float(gen.choice([0, 1, 2])) if site == 1 else np.nan,
                        "implant": implant,
                        "density": density if site == 1 else None,
                        "machine_id": machine,
                        "difficult_negative_case": bool(biopsy and not cancer),
                    }
                )
    return pd.DataFrame(rows)


def _write_images(gen: np.random.Generator, frame: pd.DataFrame, folder: Path, size: int):
    for row in frame.itertuples(index=False):
        write_dicom(
            _mammogram(gen, bool(row.cancer), size),
            folder / str(row.patient_id) / f"{row.image_id}.dcm",
            SOPInstanceUID=f"1.2.840.10009.1.2.3.{row.patient_id}.1.{row.image_id}",
            Modality="MG",
            PatientID=str(row.patient_id),
            BodyPartExamined="BREAST",
        )


def generate(
    out_dir: Path, seed: int = 0, n_patients: int = 100, n_test: int = 1, size: int = 16
) -> None:
    gen = rng(seed, "rsna-breast-cancer-detection")
    patients = gen.choice(np.arange(10_000, 66_000), n_patients + n_test, replace=False)
    image_ids = iter(gen.choice(2_147_000_000, 6 * (n_patients + n_test), replace=False))
    train = _patients(gen, np.sort(patients[:n_patients]), image_ids)
    test = _patients(gen, patients[n_patients:], image_ids)
    write_csv(train, out_dir / "train.csv")
    _write_images(gen, train, out_dir / "train_images", size)
    _write_images(gen, test, out_dir / "test_images", size)
    test["prediction_id"] = test["patient_id"].astype(str) + "_" + test["laterality"]
    write_csv(test[[*TEST_COLUMNS, "implant", "machine_id", "prediction_id"]], out_dir / "test.csv")
    sample = test[["prediction_id"]].drop_duplicates().assign(cancer=0.021)
    write_csv(sample, out_dir / "sample_submission.csv")
