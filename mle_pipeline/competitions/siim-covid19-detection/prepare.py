"""siim-covid19-detection: a tenth of the training studies become the test set.

As in MLE-bench: ``train_test_split`` of train_study_level.csv's rows (``test_size=0.1``,
``random_state=0``), both parts sorted by id; train_image_level.csv follows its studies
(``StudyInstanceUID + "_study"``). Each study's DICOM folder is copied unchanged from
Kaggle's ``train/<study>/`` to public ``train/`` or ``test/``. The private answers list
the test studies, each as ``<class> 1 0 0 1 1`` for its one-hot class (the first one set),
then the test images with their ``label``; the sample submission predicts ``negative`` for
studies and ``none`` for images. Kaggle's own test studies are not used.
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

STUDY_COLUMNS = [
    "id",
    "Negative for Pneumonia",
    "Typical Appearance",
    "Indeterminate Appearance",
    "Atypical Appearance",
]
STUDY_CLASSES = ["negative", "typical", "indeterminate", "atypical"]
IMAGE_COLUMNS = ["id", "boxes", "label", "StudyInstanceUID"]


def _study_answers(studies: pd.DataFrame) -> list[str]:
    """``<class> 1 0 0 1 1`` per study: a box-free classification scored as a full box."""
    classes = studies[STUDY_COLUMNS[1:]].to_numpy().argmax(axis=1)
    return [f"{STUDY_CLASSES[c]} 1 0 0 1 1" for c in classes]


def prepare(raw: Path, public: Path, private: Path) -> None:
    studies = read_csv(raw / "train_study_level.csv", columns=STUDY_COLUMNS)
    train_studies, test_studies = split_rows(studies, test_size=0.1, random_state=0)
    train_studies, test_studies = (s.sort_values(by="id") for s in (train_studies, test_studies))
    write_csv(train_studies, public / "train_study_level.csv")

    images = read_csv(raw / "train_image_level.csv", columns=IMAGE_COLUMNS)
    image_study = images["StudyInstanceUID"] + "_study"
    train_images = images[image_study.isin(train_studies["id"])].sort_values(by="id")
    test_images = images[image_study.isin(test_studies["id"])].sort_values(by="id")
    if len(train_images) + len(test_images) != len(images):
        raise ValueError(
            f"{raw / 'train_image_level.csv'}: some images belong to no study of "
            "train_study_level.csv"
        )
    write_csv(train_images, public / "train_image_level.csv")

    ids = pd.concat([test_studies["id"], test_images["id"]], ignore_index=True)
    answers = [*_study_answers(test_studies), *test_images["label"]]
    write_csv(pd.DataFrame({"id": ids, "PredictionString": answers}), private / "test.csv")
    guesses = ["negative 1 0 0 1 1"] * len(test_studies) + ["none 1 0 0 1 1"] * len(test_images)
    write_csv(
        pd.DataFrame({"id": ids, "PredictionString": guesses}), public / "sample_submission.csv"
    )

    for part, frame in (("train", train_studies), ("test", test_studies)):
        for study in frame["id"].str.removesuffix("_study"):
            shutil.copytree(
                raw / "train" / study, public / part / study, copy_function=shutil.copyfile
            )
