"""iwildcam-2019-fgvc6: a tenth of the camera locations become the test set.

As in MLE-bench: scikit-learn's ``train_test_split`` of the distinct ``location`` values
(in order of first appearance, ``test_size=0.1``, ``random_state=8``); rows keep Kaggle's
order. Photos are streamed from Kaggle's ``train_images.zip`` into new public
``train_images.zip`` / ``test_images.zip`` (flat ``<id>.jpg`` members, never extracted or
decoded). Kaggle's own test photos are not used. The public sample submission is written
with its index, as MLE-bench writes it (an extra unnamed first column).
"""

import zipfile
from pathlib import Path

from mle_pipeline.prepare.tables import copy_zip_members, read_csv, split_groups, write_csv

TEST_SIZE = 0.1
RANDOM_STATE = 8


def _check_photos(archive: Path, ids) -> None:
    """Kaggle's zip must hold one ``<id>.jpg`` per distinct train id (MLE-bench's check)."""
    with zipfile.ZipFile(archive) as handle:
        photos = [n for n in handle.namelist() if "/" not in n and n.endswith(".jpg")]
    if len(photos) != ids.nunique():
        raise ValueError(
            f"{archive}: {len(photos)} .jpg files at the top level, but train.csv has "
            f"{ids.nunique()} distinct ids"
        )


def prepare(raw: Path, public: Path, private: Path) -> None:
    photos = read_csv(raw / "train.csv")
    _check_photos(raw / "train_images.zip", photos["id"])
    train, answers = split_groups(photos, "location", TEST_SIZE, RANDOM_STATE)
    test = answers.drop(columns=["category_id"])
    gold = answers[["id", "category_id"]].rename(columns={"id": "Id", "category_id": "Category"})

    write_csv(answers, private / "test.csv")
    write_csv(gold, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(test, public / "test.csv")
    sample = test[["id"]].rename(columns={"id": "Id"}).assign(Category=0)
    sample.to_csv(public / "sample_submission.csv", index=True)

    images = raw / "train_images.zip"
    for part, name in ((train, "train_images.zip"), (test, "test_images.zip")):
        copy_zip_members(images, sorted(f"{i}.jpg" for i in part["id"].unique()), public / name)
