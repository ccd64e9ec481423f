"""The herbarium competitions' split (2020, 2021, 2022): per species, 80 % train, 20 % test.

Also iNaturalist 2019's (12 % test). Kaggle's train metadata (COCO-style JSON) is the only
labelled data; each category is split on its own with ``train_test_split(test_size,
random_state=0)``, then the test items of
all categories are concatenated in first-appearance order and shuffled with
``random.Random(0)``, as MLE-bench does. Images are copied byte for byte, never decoded.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_file, write_csv

Item = tuple[dict, dict]  # (annotation, image)


def read_metadata(path: Path, encoding: str = "utf-8") -> dict:
    """A metadata JSON with 'annotations' and 'images' lists of equal length."""
    try:
        with open(path, encoding=encoding) as handle:
            metadata = json.load(handle)
    except (OSError, ValueError) as err:
        raise ValueError(f"{path}: cannot read the metadata JSON ({err})") from None
    for key in ("annotations", "images"):
        if not isinstance(metadata.get(key), list):
            raise ValueError(f"{path}: no {key!r} list")
    if len(metadata["annotations"]) != len(metadata["images"]):
        raise ValueError(f"{path}: 'annotations' and 'images' differ in length")
    return metadata


def by_category(metadata: dict, image_id_key: str, path: Path) -> dict[int, list[Item]]:
    """(annotation, image) pairs grouped by category, in order of first appearance."""
    groups: dict[int, list[Item]] = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"], strict=True):
        if annotation["image_id"] != image[image_id_key]:
            raise ValueError(
                f"{path}: annotation for image {annotation['image_id']!r} is paired with "
                f"image {image[image_id_key]!r}"
            )
        groups.setdefault(annotation["category_id"], []).append((annotation, image))
    return groups


def split_category(
    items: list[Item], small_class_rule: bool, test_size: float = 0.2
) -> tuple[list[Item], list[Item]]:
    """Train/test split of one category.

    With ``small_class_rule`` (2020, 2021, iNaturalist) a single item stays in train and 2-4
    items give their last ``max(1, int(test_size n))`` to test, unshuffled; 2022 has no such
    rule.
    """
    n = len(items)
    if small_class_rule and n == 1:
        return items, []
    if small_class_rule and n < 5:
        k = max(1, int(n * test_size))
        return items[:-k], items[-k:]
    if n < 2:
        raise ValueError(f"category of {n} image(s) cannot be split into train and test")
    train, test = train_test_split(list(range(n)), test_size=test_size, random_state=0)
    return [items[i] for i in train], [items[i] for i in test]


def split(
    groups: dict[int, list[Item]], small_class_rule: bool, test_size: float = 0.2
) -> tuple[dict[int, list[Item]], list[Item]]:
    """Train items per category, and the shuffled test items of all categories."""
    train: dict[int, list[Item]] = {}
    test: list[Item] = []
    for category, items in groups.items():
        train[category], category_test = split_category(items, small_class_rule, test_size)
        test.extend(category_test)
    random.Random(0).shuffle(test)
    return train, test


def write_json(obj: object, path: Path) -> None:
    """JSON as MLE-bench writes it: four-space indent, sorted keys, ASCII escapes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        json.dump(obj, handle, indent=4, sort_keys=True)


def copy_images(pairs: list[tuple[Path, Path]]) -> None:
    for src, dst in pairs:
        if not src.is_file():
            raise ValueError(f"image {src} named in the metadata is missing")
        copy_file(src, dst)


def check_count(folder: Path, expected: int) -> None:
    found = sum(1 for _ in folder.glob("**/*.jpg"))
    if found != expected:
        raise ValueError(f"expected {expected} images under {folder}, found {found}")


def write_answers(
    ids: list[str], labels: list[int], sample_label: int, public: Path, private: Path
) -> None:
    """private/answers.csv and public/sample_submission.csv (Id, Predicted)."""
    write_csv(pd.DataFrame({"Id": ids, "Predicted": labels}), private / "answers.csv")
    sample = pd.DataFrame({"Id": ids, "Predicted": [sample_label] * len(ids)})
    write_csv(sample, public / "sample_submission.csv")


def prepare_coco(
    raw: Path,
    public: Path,
    private: Path,
    *,
    encoding: str,
    region_key: str,
    root: str = "",
) -> None:
    """2020 and 2021: ``raw/root`` and ``public/root`` hold train/ and test/ (metadata.json,
    images/); answers and sample submission are at the top of ``private`` and ``public``.

    New train images keep their file names; test images, shuffled, become
    ``images/{i//1000:03d}/{i}.jpg`` with id ``str(i)``. The public test metadata keeps the
    train metadata's other keys except 'categories' and ``region_key``; answers and sample
    submission (Predicted 0) list the test ids in order.
    """
    answers_public = public
    raw, public = raw / root, public / root
    source = raw / "train" / "metadata.json"
    metadata = read_metadata(source, encoding)
    train, test = split(by_category(metadata, "id", source), small_class_rule=True)
    copies: list[tuple[Path, Path]] = []

    annotations, images = [], []
    for items in train.values():
        for annotation, image in items:
            annotations.append(annotation)
            images.append(image)
            file_name = image["file_name"]
            copies.append((raw / "train" / file_name, public / "train" / file_name))
    write_json(
        {**metadata, "annotations": annotations, "images": images},
        public / "train" / "metadata.json",
    )

    test_images, ids, labels = [], [], []
    for i, (annotation, image) in enumerate(test):
        file_name = f"images/{i // 1000:03d}/{i}.jpg"
        test_images.append({**image, "id": str(i), "file_name": file_name})
        ids.append(str(i))
        labels.append(annotation["category_id"])
        copies.append((raw / "train" / image["file_name"], public / "test" / file_name))
    dropped = {"annotations", "categories", region_key}
    public_test = {k: v for k, v in metadata.items() if k not in dropped}
    write_json({**public_test, "images": test_images}, public / "test" / "metadata.json")

    copy_images(copies)
    check_count(public / "train" / "images", len(images))
    check_count(public / "test" / "images", len(test_images))
    write_answers(ids, labels, 0, answers_public, private)
