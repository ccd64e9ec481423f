"""vinbigdata-chest-xray-abnormalities-detection: a tenth of the training images become the
test set.

As in MLE-bench: ``train_test_split`` of train.csv's distinct ``image_id`` values (in order
of first appearance, ``test_size=0.1``, ``random_state=0``); public train.csv keeps the
training images' rows in their order. The private answers keep the first annotation of each
(image, class) pair (``groupby(...).first()``, per column the first non-missing value),
missing boxes as 0 and ``No finding`` (class 14) as the box ``0 0 1 1``;
gold_submission.csv holds them as ``class 1.0 x_min y_min x_max y_max`` strings. The sample
submission predicts ``14 1 0 0 1 1`` for every test image. DICOM files are copied
unchanged from Kaggle's ``train/`` into public ``train/`` and ``test/``.
"""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_named_files, read_csv, write_csv

COLUMNS = ["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"]
NO_FINDING = 14


def answers_of(rows: pd.DataFrame) -> pd.DataFrame:
    """One annotation per (image, class), the first; filled as MLE-bench fills them."""
    answers = rows.groupby(by=["image_id", "class_id"]).first().reset_index()
    answers = answers.fillna(0)
    answers.loc[answers["class_id"] == NO_FINDING, ["x_max", "y_max"]] = 1.0
    return answers


def gold_of(answers: pd.DataFrame) -> pd.DataFrame:
    boxes = answers[["image_id", "class_id", "x_min", "y_min", "x_max", "y_max"]]
    strings = [
        f"{c} 1.0 {x0} {y0} {x1} {y1}"
        for c, x0, y0, x1, y1 in zip(
            boxes["class_id"],
            boxes["x_min"],
            boxes["y_min"],
            boxes["x_max"],
            boxes["y_max"],
            strict=True,
        )
    ]
    gold = boxes[["image_id"]].assign(PredictionString=strings)
    return gold.groupby("image_id")["PredictionString"].agg(" ".join).reset_index()


def prepare(raw: Path, public: Path, private: Path) -> None:
    rows = read_csv(raw / "train.csv", columns=COLUMNS)
    train_ids, test_ids = train_test_split(rows["image_id"].unique(), test_size=0.1, random_state=0)
    in_test = rows["image_id"].isin(test_ids)
    answers = answers_of(rows[in_test])

    write_csv(rows[~in_test], public / "train.csv")
    sample = pd.DataFrame({"image_id": test_ids, "PredictionString": "14 1 0 0 1 1"})
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "answers.csv")
    write_csv(gold_of(answers), private / "gold_submission.csv")
    copy_named_files(train_ids, raw / "train", public / "train", ".dicom")
    copy_named_files(test_ids, raw / "train", public / "test", ".dicom")
