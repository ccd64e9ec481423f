"""dogs-vs-cats-redux: 10 % of Kaggle's training photos become the test set.

The training photos (``train.zip`` -> ``train/cat.N.jpg``, ``train/dog.N.jpg``), sorted by
path, are split with ``train_test_split``. As in MLE-bench, training photos are renamed
``cat.0.jpg``, ``cat.1.jpg``, ... (and ``dog.*``) in split order, test photos ``1.jpg``,
``2.jpg``, ...; both sets are written as folders and also zipped (images at the zip's top
level). Kaggle's own test photos are not used.
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import scratch_dir, split_rows, write_csv
from mle_pipeline.sources.archive import extract, zip_folder


def _copy_train(images: list[Path], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    counters = {"cat": 0, "dog": 0}
    for image in images:
        animal = "cat" if "cat" in image.name else "dog"
        shutil.copy(image, dest / f"{animal}.{counters[animal]}.jpg")
        counters[animal] += 1
    if sum(counters.values()) != len(images):
        raise ValueError(f"expected {len(images)} training photos, copied {counters}")


def _copy_test(images: list[Path], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for number, image in enumerate(images, start=1):
        shutil.copy(image, dest / f"{number}.jpg")
    copied = len(list(dest.glob("*.jpg")))
    if copied != len(images):
        raise ValueError(f"expected {len(images)} test photos in {dest}, found {copied}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as scratch:
        work = Path(scratch)
        extract(raw / "train.zip", work)
        photos = sorted((work / "train").glob("*.jpg"))
        # Kaggle's test set is a third of the training set's size; 10 % keeps more for training.
        train_photos, test_photos = split_rows(photos, test_size=0.1, random_state=0)
        _copy_train(train_photos, public / "train")
        _copy_test(test_photos, public / "test")
    zip_folder(public / "train", public / "train.zip")
    zip_folder(public / "test", public / "test.zip")

    ids = list(range(1, len(test_photos) + 1))
    answers = pd.DataFrame({"id": ids, "label": [int("dog" in p.name) for p in test_photos]})
    write_csv(answers, private / "answers.csv")
    sample = pd.DataFrame({"id": ids, "label": [0.5] * len(ids)})
    write_csv(sample, public / "sample_submission.csv")
