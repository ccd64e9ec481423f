"""herbarium-2022-fgvc9: per-species 80/20 split of train_metadata.json (no small-class rule).

New train images are renamed ``{cat//100:03d}/{cat%100:02d}/{cat:05d}__{n:03d}.jpg`` (n counts
within the category, from 1); test images, shuffled, become ``{i//1000:03d}/test-{i:06d}.jpg``
with image_id ``str(i)``. Public test_metadata.json is a bare list of image records.
"""

from pathlib import Path

from mle_pipeline.prepare.herbarium import (
    by_category,
    check_count,
    copy_images,
    read_metadata,
    split,
    write_answers,
    write_json,
)


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "train_metadata.json"
    metadata = read_metadata(source)
    train, test = split(by_category(metadata, "image_id", source), small_class_rule=False)
    copies: list[tuple[Path, Path]] = []

    annotations, images = [], []
    for category, items in train.items():
        subdir = f"{category // 100:03d}/{category % 100:02d}"
        for n, (annotation, image) in enumerate(items, start=1):
            image_id = f"{category:05d}__{n:03d}"
            file_name = f"{subdir}/{image_id}.jpg"
            annotations.append({**annotation, "image_id": image_id})
            images.append({**image, "image_id": image_id, "file_name": file_name})
            copies.append(
                (raw / "train_images" / image["file_name"], public / "train_images" / file_name)
            )
    write_json(
        {**metadata, "annotations": annotations, "images": images}, public / "train_metadata.json"
    )

    test_images, ids, labels = [], [], []
    for i, (annotation, image) in enumerate(test):
        file_name = f"{i // 1000:03d}/test-{i:06d}.jpg"
        test_images.append({**image, "image_id": str(i), "file_name": file_name})
        ids.append(str(i))
        labels.append(annotation["category_id"])
        copies.append(
            (raw / "train_images" / image["file_name"], public / "test_images" / file_name)
        )
    write_json(test_images, public / "test_metadata.json")

    copy_images(copies)
    check_count(public / "train_images", len(images))
    check_count(public / "test_images", len(test_images))
    write_answers(ids, labels, 42, public, private)
