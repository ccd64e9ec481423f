"""iwildcam-2020-fgvc7: split Kaggle's train images by camera location, about 22 % to test.

``train_test_split(test_size=0.22, random_state=0)`` over the unique locations (in order of
first appearance), then, as MLE-bench does, whole locations are moved one at a time: from
the end of the train list to test while test / (all old train images + test images) < 0.22,
then from the end of the test list back while that share > 0.22 (the denominator counts the
test images twice, as written in MLE-bench). The JSON records go through pandas, as in
MLE-bench, so every record carries every column (missing values as NaN).
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_named_files, write_csv

TEST_SIZE = 0.22
N_CATEGORIES = 676  # the sample submission's random labels are drawn from 0..675


def _load(path: Path) -> dict:
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError) as err:
        raise ValueError(f"{path}: cannot read the JSON ({err})") from None


def _split_locations(images: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Boolean masks of the new train and test images."""
    locations = images["location"]
    train_locs, test_locs = train_test_split(
        locations.unique(), test_size=TEST_SIZE, random_state=0
    )

    def share(test_locs: np.ndarray) -> float:
        n_test = int(locations.isin(test_locs).sum())
        return n_test / (len(images) + n_test)

    while share(test_locs) < TEST_SIZE:
        if len(train_locs) == 0:
            raise ValueError("no train location left to move into the test set")
        test_locs = np.append(test_locs, train_locs[-1])
        train_locs = train_locs[:-1]
    while share(test_locs) > TEST_SIZE:
        train_locs = np.append(train_locs, test_locs[-1])
        test_locs = test_locs[:-1]
    return locations.isin(train_locs), locations.isin(test_locs)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def _dump(obj: dict, path: Path) -> None:
    with open(path, "w") as handle:
        json.dump(obj, handle)


def prepare(raw: Path, public: Path, private: Path) -> None:
    train_json = _load(raw / "iwildcam2020_train_annotations.json")
    test_json = _load(raw / "iwildcam2020_test_information.json")
    annotations = pd.DataFrame(train_json["annotations"])
    images = pd.DataFrame(train_json["images"])
    in_train, in_test = _split_locations(images)
    train_images, test_images = images[in_train], images[in_test]
    train_ids, test_ids = train_images["id"].unique(), test_images["id"].unique()
    train_annotations = annotations[annotations["image_id"].isin(train_ids)]
    test_annotations = annotations[annotations["image_id"].isin(test_ids)]

    answers = test_annotations[["image_id", "category_id"]].rename(
        columns={"image_id": "Id", "category_id": "Category"}
    )
    sample = answers.assign(
        Category=np.random.RandomState(0).randint(0, N_CATEGORIES, size=len(answers))
    )
    write_csv(answers, private / "answers.csv")
    write_csv(sample, public / "sample_submission.csv")

    _dump(
        {
            "annotations": _records(train_annotations),
            "images": _records(train_images),
            "categories": _records(pd.DataFrame(train_json["categories"])),
            "info": train_json["info"],
        },
        public / "iwildcam2020_train_annotations.json",
    )
    _dump(
        {
            "images": _records(test_images),
            "categories": _records(pd.DataFrame(test_json["categories"])),
            "info": test_json["info"],
        },
        public / "iwildcam2020_test_information.json",
    )
    name = "iwildcam2020_megadetector_results.json"
    shutil.copyfile(raw / name, public / name)
    copy_named_files(train_ids, raw / "train", public / "train", ".jpg")
    copy_named_files(test_ids, raw / "train", public / "test", ".jpg")
