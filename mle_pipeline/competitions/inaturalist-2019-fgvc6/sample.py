"""Synthetic inaturalist-2019-fgvc6 download: train_val2019.tar.gz (gzip tar of
train_val2019/<kingdom>/<category>/<hash>.jpg), test2019.tar.gz (test2019/<hash>.jpg),
train2019.json, val2019.json, test2019.json and kaggle_sample_submission.csv.

Species sizes cover MLE-bench's small-class rules (one image, two to four, five or more);
each species has its own colour, so a colour histogram tells species apart.
"""

import gzip
import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

SIZE = 16
KINGDOMS = ["Plants", "Insects", "Birds", "Fungi"]
MTIME = 1_546_300_800  # 2019-01-01


def _jpeg(gen: np.random.Generator, colour: np.ndarray, size: int) -> bytes:
    from PIL import Image

    pixels = colour + gen.normal(0, 12, (size, size, 3))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _tar_gz(path: Path, members: list[tuple[str, bytes]]) -> None:
    """A gzip-compressed tar with fixed times, so the bytes depend only on the members."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
        with tarfile.open(fileobj=zipped, mode="w") as tar:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), MTIME, 0o644
                tar.addfile(info, io.BytesIO(data))


def _coco(images: list[dict], labels: list[int] | None, categories, licenses) -> dict:
    info = {"year": 2019, "version": "1.0", "description": "Synthetic iNat2019"}
    out = {"info": info, "images": images, "licenses": licenses}
    if labels is not None:
        out["annotations"] = [
            {"image_id": image["id"], "id": image["id"], "category_id": label}
            for image, label in zip(images, labels, strict=True)
        ]
        out["categories"] = categories
    return out


def generate(
    out_dir: Path,
    seed: int = 0,
    n_categories: int = 12,
    per_category: int = 8,
    n_test: int = 8,
    image_size: int = SIZE,
) -> None:
    gen = rng(seed, "inaturalist-2019-fgvc6")
    colours = gen.uniform(20, 235, (n_categories, 3))
    counts = gen.integers(5, max(6, 2 * per_category), n_categories)
    counts[: min(3, n_categories)] = [1, 2, 4][: min(3, n_categories)]
    n_val = n_categories
    labels = list(gen.permutation(np.repeat(np.arange(n_categories), counts)))
    val_labels = list(np.arange(n_categories))
    names = hex_ids(gen, len(labels) + n_val + n_test)
    categories = [
        {"id": c, "name": f"Species {c}", "kingdom": KINGDOMS[c % 4], "class": f"Class{c % 3}"}
        for c in range(n_categories)
    ]
    licenses = [{"id": 0, "name": "CC BY 4.0", "url": "https://example.org/by/4.0"}]

    def records(labels: list[int], offset: int, folder) -> tuple[list[dict], list]:
        images, members = [], []
        for k, label in enumerate(labels):
            name = names[offset + k]
            file_name = folder(label, name)
            images.append(
                {
                    "license": 0,
                    "file_name": file_name,
                    "rights_holder": "Someone",
                    "height": image_size,
                    "width": image_size,
                    "id": offset + k,
                }
            )
            members.append((file_name, _jpeg(gen, colours[label], image_size)))
        return images, members

    def train_folder(label, name):
        return f"train_val2019/{KINGDOMS[label % 4]}/{label}/{name}.jpg"

    train_images, train_members = records([int(v) for v in labels], 0, train_folder)
    val_images, val_members = records([int(v) for v in val_labels], len(labels), train_folder)
    test_labels = [int(v) for v in gen.integers(0, n_categories, n_test)]
    test_images, test_members = records(
        test_labels, len(labels) + n_val, lambda _, name: f"test2019/{name}.jpg"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    _tar_gz(out_dir / "train_val2019.tar.gz", train_members + val_members)
    _tar_gz(out_dir / "test2019.tar.gz", test_members)
    for name, obj in (
        ("train2019.json", _coco(train_images, [int(v) for v in labels], categories, licenses)),
        ("val2019.json", _coco(val_images, [int(v) for v in val_labels], categories, licenses)),
        ("test2019.json", _coco(test_images, None, categories, licenses)),
    ):
        (out_dir / name).write_text(json.dumps(obj))
    sample = pd.DataFrame({"id": [image["id"] for image in test_images], "predicted": 0})
    write_csv(sample, out_dir / "kaggle_sample_submission.csv")
