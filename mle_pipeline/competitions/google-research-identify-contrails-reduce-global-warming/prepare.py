"""google-research-identify-contrails-reduce-global-warming: as many training records as
Kaggle's validation set holds become the test set.

As in MLE-bench: ``train_test_split`` of train_metadata.json's records (``test_size`` =
the number of validation records, ``random_state=0``). Each record folder's nine band
files go to public ``train/`` or ``test/``, training records keeping their two human mask
files; Kaggle's ``validation/`` and its metadata are copied as they are. The private
answers hold each test record's ``human_pixel_masks.npy`` run-length encoded (``-`` when
empty) with the image's height and width; the sample submission guesses ``1 3 10 5`` or
``-`` per record (Python's ``random`` seeded 0). Files are copied byte for byte; only test
masks and one band header per test record are read.
"""

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.atomic import atomic_path
from mle_pipeline.prepare.tables import write_csv
from mle_pipeline.rle import rle_encode

BANDS = [f"band_{i:02}.npy" for i in range(8, 17)]
MASKS = ["human_individual_masks.npy", "human_pixel_masks.npy"]


def _read_records(path: Path) -> list[dict]:
    records = json.loads(path.read_text())
    if not isinstance(records, list) or not all("record_id" in r for r in records):
        raise ValueError(f"{path}: expected a JSON list of records with a record_id each")
    return records


def _answer(folder: Path) -> dict:
    mask = np.load(folder / "human_pixel_masks.npy")
    height, width, _ = np.load(folder / "band_08.npy", mmap_mode="r").shape  # header only
    return {
        "record_id": folder.name,
        "encoded_pixels": rle_encode(mask == 1) or "-",
        "height": height,
        "width": width,
    }


def _copy(folder: Path, dest: Path, names: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(folder / name, dest / name)


def prepare(raw: Path, public: Path, private: Path) -> None:
    train_records = _read_records(raw / "train_metadata.json")
    validation = _read_records(raw / "validation_metadata.json")
    train, test = train_test_split(train_records, test_size=len(validation), random_state=0)

    answers = pd.DataFrame([_answer(raw / "train" / r["record_id"]) for r in test])
    for record in train:
        _copy(
            raw / "train" / record["record_id"],
            public / "train" / record["record_id"],
            BANDS + MASKS,
        )
    for record in test:
        _copy(raw / "train" / record["record_id"], public / "test" / record["record_id"], BANDS)
    shutil.copytree(raw / "validation", public / "validation", copy_function=shutil.copyfile)
    shutil.copyfile(raw / "validation_metadata.json", public / "validation_metadata.json")
    with atomic_path(public / "train_metadata.json") as tmp:
        tmp.write_text(json.dumps(train))

    write_csv(answers, private / "answers.csv")
    guesses = random.Random(0)
    sample = answers.assign(
        encoded_pixels=[guesses.choice(["1 3 10 5", "-"]) for _ in range(len(answers))]
    )
    write_csv(sample, public / "sample_submission.csv")
