"""Synthetic rsna-2022-cervical-spine-fracture-detection download, in Kaggle's layout:
train.csv (StudyInstanceUID, patient_overall, C1 .. C7), train_bounding_boxes.csv,
test.csv and sample_submission.csv (three studies, eight rows each),
``train_images/<study>/<slice>.dcm``, ``test_images/<study>/<slice>.dcm`` and
``segmentations/<study>.nii``.

Slices are minimal uncompressed 16-bit DICOMs and segmentations single-file NIfTI-1
volumes (vertebra labels 1-7), both written by hand: ``size`` x ``size`` pixels,
``n_slices`` slices per study. A fractured vertebra shows as a bright crack in its band of
rows; bounding boxes cover fractured studies' cracks, and some of those studies also have a
segmentation, as on Kaggle (a study can have both).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_dicom, write_nifti

VERTEBRAE = [f"C{i}" for i in range(1, 8)]
TYPES = ["patient_overall", *VERTEBRAE]


def _band(vertebra: int, size: int) -> slice:
    height = size // len(VERTEBRAE)
    return slice(vertebra * height, (vertebra + 1) * height)


def _study(
    gen: np.random.Generator, folder: Path, uid: str, fractured: np.ndarray, size: int, slices: int
) -> list[dict]:
    """Write the study's slices; return a bounding box per cracked slice."""
    boxes = []
    for n in range(1, slices + 1):
        pixels = gen.normal(300, 40, (size, size))
        for vertebra in np.flatnonzero(fractured):
            if gen.random() < 0.6:
                rows = _band(vertebra, size)
                column = int(gen.integers(2, size - 2))
                pixels[rows, column - 1 : column + 1] += 900
                boxes.append(
                    {
                        "StudyInstanceUID": uid,
                        "x": float(column - 1) + round(gen.random(), 2),
                        "y": float(rows.start) + round(gen.random(), 2),
                        "width": 2.0 + round(gen.random(), 2),
                        "height": float(rows.stop - rows.start),
                        "slice_number": n,
                    }
                )
        write_dicom(
            np.clip(pixels, 0, 4095).astype(np.uint16),
            folder / f"{n}.dcm",
            SOPInstanceUID=f"{uid}.1.{n}",
            StudyInstanceUID=uid,
            SeriesInstanceUID=f"{uid}.1",
            Modality="CT",
            PatientID=uid.rsplit(".", 1)[1],
            InstanceNumber=str(n),
        )
    return boxes


def _segmentation(size: int, slices: int) -> np.ndarray:
    volume = np.zeros((size, size, slices), dtype=np.uint8)
    for vertebra in range(len(VERTEBRAE)):
        volume[_band(vertebra, size), size // 4 : 3 * size // 4, :] = vertebra + 1
    return volume


def generate(
    out_dir: Path,
    seed: int = 0,
    n_train: int = 50,
    n_boxed: int = 20,
    n_segmented: int = 15,
    n_overlap: int = 6,
    size: int = 14,
    n_slices: int = 4,
) -> None:
    gen = rng(seed, "rsna-2022-cervical-spine-fracture-detection")
    numbers = gen.choice(np.arange(1_000, 33_000), n_train + 3, replace=False)
    uids = [f"1.2.826.0.1.3680043.{n}" for n in numbers]
    train_uids, test_uids = uids[:n_train], uids[n_train:]
    fractured = (gen.random((n_train, len(VERTEBRAE))) < 0.12).astype(int)
    fractured[:n_boxed, int(gen.integers(len(VERTEBRAE)))] = 1  # boxes need a fracture
    labels = pd.DataFrame(fractured, columns=VERTEBRAE)
    labels.insert(0, "patient_overall", fractured.max(axis=1))
    labels.insert(0, "StudyInstanceUID", train_uids)
    order = gen.permutation(n_train)
    write_csv(labels.iloc[order], out_dir / "train.csv")

    boxes = []
    for row in range(n_train):
        folder = out_dir / "train_images" / train_uids[row]
        found = _study(gen, folder, train_uids[row], fractured[row], size, n_slices)
        if row < n_boxed:
            boxes += found
    write_csv(pd.DataFrame(boxes), out_dir / "train_bounding_boxes.csv")
    segmented = train_uids[n_boxed - n_overlap : n_boxed - n_overlap + n_segmented]
    for uid in segmented:
        write_nifti(
            _segmentation(size, n_slices), out_dir / "segmentations" / f"{uid}.nii", (0.8, 0.8, 1)
        )

    test = pd.DataFrame(
        [(f"{uid}_{kind}", uid, kind) for uid in test_uids for kind in TYPES],
        columns=["row_id", "StudyInstanceUID", "prediction_type"],
    )
    write_csv(test, out_dir / "test.csv")
    write_csv(test[["row_id"]].assign(fractured=0.5), out_dir / "sample_submission.csv")
    for uid in test_uids:
        hidden = (gen.random(len(VERTEBRAE)) < 0.12).astype(int)
        _study(gen, out_dir / "test_images" / uid, uid, hidden, size, n_slices)
