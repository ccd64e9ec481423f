"""rsna-breast-cancer-detection: the mammograms of 10 % of Kaggle's training patients become
the test set.

As in MLE-bench: ``train_test_split`` of the distinct patient_ids in order of appearance
(``test_size=0.1``, ``random_state=42``); both parts keep train.csv's row order. The test
images get Kaggle's test columns and a prediction_id (``<patient_id>_<laterality>``); the
answers hold one row per prediction_id (sorted), the first image's label, and the sample
submission predicts the training cancer rate. Each image (``<patient>/<image>.dcm``, about
300 GB in all on Kaggle) is hard-linked where the file system allows, else copied, never
decoded.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.files import link_or_copy
from mle_pipeline.prepare.tables import read_csv, split_groups, write_csv

TRAIN_COLUMNS = [
    "site_id",
    "patient_id",
    "image_id",
    "laterality",
    "view",
    "age",
    "cancer",
    "biopsy",
    "invasive",
    "BIRADS",
    "implant",
    "density",
    "machine_id",
    "difficult_negative_case",
]
TEST_COLUMNS = [
    "site_id",
    "patient_id",
    "image_id",
    "laterality",
    "view",
    "age",
    "implant",
    "machine_id",
    "prediction_id",
]


def _copy_images(images: pd.DataFrame, source: Path, dest: Path) -> None:
    for patient, image in zip(images["patient_id"], images["image_id"], strict=True):
        folder = dest / str(patient)
        folder.mkdir(parents=True, exist_ok=True)
        src = source / str(patient) / f"{image}.dcm"
        if not src.is_file():
            raise FileNotFoundError(f"{src}: listed in train.csv but not in train_images/")
        link_or_copy(src, folder / src.name)


def prepare(raw: Path, public: Path, private: Path) -> None:
    images = read_csv(raw / "train.csv", TRAIN_COLUMNS)
    train, test = split_groups(images, "patient_id", test_size=0.1, random_state=42)
    test = test[[*TEST_COLUMNS[:-1], "cancer"]].copy()
    test["prediction_id"] = test["patient_id"].astype(str) + "_" + test["laterality"]
    answers = test[["prediction_id", "cancer"]].groupby("prediction_id").first().reset_index()

    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=["cancer"]), public / "test.csv")
    write_csv(answers, private / "answers.csv")
    write_csv(answers.assign(cancer=train["cancer"].mean()), public / "sample_submission.csv")
    _copy_images(train, raw / "train_images", public / "train_images")
    _copy_images(test, raw / "train_images", public / "test_images")
