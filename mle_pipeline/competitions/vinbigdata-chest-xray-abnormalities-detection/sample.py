"""Synthetic vinbigdata-chest-xray-abnormalities-detection download, in Kaggle's layout.

train.csv (``image_id,class_name,class_id,rad_id,x_min,y_min,x_max,y_max``: three
radiologists per image, ``No finding`` rows without a box), sample_submission.csv
(``14 1 0 0 1 1`` per test image) and ``{train,test}/<image_id>.dicom`` (small 16-bit DICOM
files; ids are 32 hex digits as in Kaggle's).

Each finding is a bright patch whose brightness depends on its class; the radiologists'
boxes for it differ by a few pixels, and some miss it, so answers keep one of several boxes.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_dicom

CLASSES = [
    "Aortic enlargement",
    "Atelectasis",
    "Calcification",
    "Cardiomegaly",
    "Consolidation",
    "ILD",
    "Infiltration",
    "Lung Opacity",
    "Nodule/Mass",
    "Other lesion",
    "Pleural effusion",
    "Pleural thickening",
    "Pneumothorax",
    "Pulmonary fibrosis",
    "No finding",
]
SIZE = 48


def _findings(gen: np.random.Generator) -> list[tuple[int, np.ndarray]]:
    if gen.random() < 0.5:
        return []
    found = []
    for cls in gen.choice(14, int(gen.integers(1, 4)), replace=False):
        w, h = gen.integers(6, 16, 2)
        x, y = gen.integers(0, SIZE - w), gen.integers(0, SIZE - h)
        found.append((int(cls), np.array([x, y, x + w, y + h], dtype=float)))
    return found


def _image(gen: np.random.Generator, findings: list) -> np.ndarray:
    pixels = 1000 + gen.normal(0, 50, (SIZE, SIZE))
    for cls, (x0, y0, x1, y1) in findings:
        pixels[int(y0) : int(y1), int(x0) : int(x1)] += 400 + 150 * cls
    return np.clip(pixels, 0, 65535).astype(np.uint16)


def _rows(gen: np.random.Generator, image_id: str, findings: list) -> list[dict]:
    rows = []
    for rad in gen.choice(np.arange(1, 18), 3, replace=False):
        drawn = [(c, box) for c, box in findings if gen.random() < 0.85]
        for cls, box in drawn:
            x0, y0, x1, y1 = (box + gen.integers(-2, 3, 4)).clip(0, SIZE)
            rows.append(
                {
                    "image_id": image_id,
                    "class_name": CLASSES[cls],
                    "class_id": cls,
                    "rad_id": f"R{rad}",
                    "x_min": x0,
                    "y_min": y0,
                    "x_max": x1,
                    "y_max": y1,
                }
            )
        if not drawn:
            rows.append(
                {
                    "image_id": image_id,
                    "class_name": CLASSES[14],
                    "class_id": 14,
                    "rad_id": f"R{rad}",
                }
            )
    return rows


def generate(out_dir: Path, seed: int = 0, n_train: int = 150, n_test: int = 5) -> None:
    gen = rng(seed, "vinbigdata-chest-xray-abnormalities-detection")
    ids = hex_ids(gen, n_train + n_test)
    rows = []
    for index, image_id in enumerate(ids):
        findings = _findings(gen)
        part = "train" if index < n_train else "test"
        write_dicom(
            _image(gen, findings),
            out_dir / part / f"{image_id}.dicom",
            SOPInstanceUID=f"2.25.{int(image_id, 16)}",
            Modality="DX",
            PatientSex=str(gen.choice(["M", "F", "O"])),
            PatientAge=f"{int(gen.integers(20, 80)):03d}Y",
            BodyPartExamined="CHEST",
        )
        if part == "train":
            rows.extend(_rows(gen, image_id, findings))
    columns = ["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"]
    write_csv(pd.DataFrame(rows, columns=columns), out_dir / "train.csv")
    sample = pd.DataFrame({"image_id": ids[n_train:], "PredictionString": "14 1 0 0 1 1"})
    write_csv(sample, out_dir / "sample_submission.csv")
