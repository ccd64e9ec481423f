"""Synthetic siim-covid19-detection download, in Kaggle's layout.

train_study_level.csv (``id`` = ``<study>_study`` and four one-hot class columns),
train_image_level.csv (``id`` = ``<image>_image``, ``boxes`` as Python-style dicts,
``label`` as ``opacity 1 x0 y0 x1 y1 ...`` or ``none 1 0 0 1 1``, ``StudyInstanceUID``),
sample_submission.csv, and the chest X-rays as ``{train,test}/<study>/<series>/<image>.dcm``
(small 16-bit DICOM files; ids are 12 hex digits as in Kaggle's anonymised data).

Negative studies have clear lungs; the others have bright opacities where their boxes are,
most for typical appearance, so both study classes and boxes can be learned from pixels.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_dicom

CLASS_COLUMNS = [
    "Negative for Pneumonia",
    "Typical Appearance",
    "Indeterminate Appearance",
    "Atypical Appearance",
]
SIZE = 64


def _image(gen: np.random.Generator, study_class: int) -> tuple[np.ndarray, list[dict]]:
    pixels = 800 + gen.normal(0, 60, (SIZE, SIZE))
    n_boxes = 0 if study_class == 0 else int(gen.choice([0, 1, 2], p=[0.15, 0.45, 0.4]))
    boxes = []
    for lung in gen.choice(2, n_boxes, replace=False):
        w, h = (float(v) for v in gen.uniform(10, 22, 2))
        x = float(gen.uniform(2, 28 - w / 2)) + 32 * int(lung)
        y = float(gen.uniform(4, SIZE - h - 2))
        box = {k: round(v, 5) for k, v in (("x", x), ("y", y), ("width", w), ("height", h))}
        pixels[int(y) : int(y + h), int(x) : int(x + w)] += 900 + 300 * study_class
        boxes.append(box)
    return np.clip(pixels, 0, 65535).astype(np.uint16), boxes


def _label(boxes: list[dict]) -> str:
    if not boxes:
        return "none 1 0 0 1 1"
    return " ".join(
        f"opacity 1 {b['x']} {b['y']} {round(b['x'] + b['width'], 5)} "
        f"{round(b['y'] + b['height'], 5)}"
        for b in boxes
    )


def _studies(gen, out_dir: Path, part: str, n: int, ids: list[str]) -> tuple[list, list]:
    studies, images = [], []
    for _ in range(n):
        study = ids.pop()
        study_class = int(gen.choice(4, p=[0.3, 0.45, 0.15, 0.1]))
        studies.append(
            {
                "id": f"{study}_study",
                **{c: int(i == study_class) for i, c in enumerate(CLASS_COLUMNS)},
            }
        )
        for _ in range(int(gen.choice([1, 1, 1, 2]))):
            series = ids.pop()
            for _ in range(int(gen.choice([1, 1, 2]))):
                image = ids.pop()
                pixels, boxes = _image(gen, study_class)
                write_dicom(
                    pixels,
                    out_dir / part / study / series / f"{image}.dcm",
                    Modality="DX",
                    StudyInstanceUID=f"2.25.{int(study, 16)}",
                    SeriesInstanceUID=f"2.25.{int(series, 16)}",
                    SOPInstanceUID=f"2.25.{int(image, 16)}",
                    PatientSex=str(gen.choice(["M", "F"])),
                    BodyPartExamined="CHEST",
                )
                images.append(
                    {
                        "id": f"{image}_image",
                        "boxes": str(boxes) if boxes else None,
                        "label": _label(boxes),
                        "StudyInstanceUID": study,
                    }
                )
    return studies, images


def generate(out_dir: Path, seed: int = 0, n_train: int = 60, n_test: int = 6) -> None:
    gen = rng(seed, "siim-covid19-detection")
    ids = hex_ids(gen, 6 * (n_train + n_test), length=12)
    train_studies, train_images = _studies(gen, out_dir, "train", n_train, ids)
    write_csv(pd.DataFrame(train_studies), out_dir / "train_study_level.csv")
    write_csv(pd.DataFrame(train_images), out_dir / "train_image_level.csv")
    test_studies, test_images = _studies(gen, out_dir, "test", n_test, ids)
    guesses = [(s["id"], "negative 1 0 0 1 1") for s in test_studies]
    guesses += [(i["id"], "none 1 0 0 1 1") for i in test_images]
    write_csv(
        pd.DataFrame(guesses, columns=["id", "PredictionString"]), out_dir / "sample_submission.csv"
    )
