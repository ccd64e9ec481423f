"""Synthetic rsna-miccai-brain-tumor-radiogenomic-classification download, in Kaggle's
layout: train_labels.csv (BraTS21ID as five digits, MGMT_value), sample_submission.csv,
and ``train/<id>/`` and ``test/<id>/`` each holding four MRI series folders (FLAIR, T1w,
T1wCE, T2w) of ``Image-<n>.dcm`` slices.

The slices are minimal uncompressed 16-bit DICOMs written by hand (Kaggle's hold more tags
and larger images): ``size`` x ``size`` pixels, ``n_slices`` per series. A methylated
tumour is brighter in the contrast-enhanced series, so the label can be learned.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_dicom

SERIES = ["FLAIR", "T1w", "T1wCE", "T2w"]


def _patient(
    gen: np.random.Generator, folder: Path, number: int, methylated: bool, size: int, slices: int
) -> None:
    yy, xx = np.mgrid[:size, :size]
    cy, cx = gen.uniform(size * 0.3, size * 0.7, 2)
    tumour = (yy - cy) ** 2 + (xx - cx) ** 2 <= (size * gen.uniform(0.1, 0.25)) ** 2
    for s, series in enumerate(SERIES):
        for n in range(1, slices + 1):
            pixels = gen.normal(400, 60, (size, size))
            pixels[tumour] += 300 + (500 if methylated and series == "T1wCE" else 0)
            write_dicom(
                np.clip(pixels, 0, 4095).astype(np.uint16),
                folder / series / f"Image-{n}.dcm",
                SOPInstanceUID=f"2.25.{number}{s}{n:04d}",
                SeriesInstanceUID=f"2.25.{number}{s}",
                StudyInstanceUID=f"2.25.{number}",
                Modality="MR",
                PatientID=f"{number:05d}",
                InstanceNumber=str(n),
            )


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 100,
    n_test: int = 8,
    size: int = 16,
    n_slices: int = 3,
) -> None:
    gen = rng(seed, "rsna-miccai-brain-tumor-radiogenomic-classification")
    numbers = np.sort(gen.choice(1_010, n_train + n_test, replace=False))
    is_test = np.zeros(len(numbers), dtype=bool)
    is_test[gen.choice(len(numbers), n_test, replace=False)] = True
    train_numbers, test_numbers = numbers[~is_test], numbers[is_test]
    labels = gen.random(n_train) < 0.5
    write_csv(
        pd.DataFrame(
            {"BraTS21ID": [f"{n:05d}" for n in train_numbers], "MGMT_value": labels.astype(int)}
        ),
        out_dir / "train_labels.csv",
    )
    write_csv(
        pd.DataFrame({"BraTS21ID": [f"{n:05d}" for n in test_numbers], "MGMT_value": 0.5}),
        out_dir / "sample_submission.csv",
    )
    for number, methylated in zip(train_numbers, labels, strict=True):
        _patient(gen, out_dir / "train" / f"{number:05d}", number, methylated, size, n_slices)
    for number in test_numbers:
        methylated = gen.random() < 0.5
        _patient(gen, out_dir / "test" / f"{number:05d}", number, methylated, size, n_slices)
