"""kuzushiji-recognition: 10 % of train.csv's pages become the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``); the pages are streamed
from Kaggle's ``train_images.zip`` into new public ``train_images.zip`` and
``test_images.zip`` (nothing extracted); unicode_translation.csv is copied. The sample
submission guesses ``U+003F 1 1 U+FF2F 2 2`` for every page, and private
``gold_submission.csv`` turns every true box ``label x y w h`` into the point ``label x+1
y+1`` (inside the box). Kaggle's own test pages are not used.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_file, copy_zip_members, read_csv, split_rows, write_csv

SAMPLE_GUESS = "U+003F 1 1 U+FF2F 2 2"


def gold_points(boxes: object) -> str:
    """``label x y w h ...`` as ``label x+1 y+1 ...``; a page without characters stays empty."""
    if pd.isna(boxes):
        return ""
    words = str(boxes).split()
    if len(words) % 5:
        raise ValueError(f"train.csv: labels must be 'label x y w h' groups, not {boxes!r}")
    labels, xs, ys = words[0::5], words[1::5], words[2::5]
    return " ".join(
        f"{c} {int(x) + 1} {int(y) + 1}" for c, x, y in zip(labels, xs, ys, strict=True)
    )


def prepare(raw: Path, public: Path, private: Path) -> None:
    pages = read_csv(raw / "train.csv")
    train, answers = split_rows(pages, test_size=0.1, random_state=0)

    write_csv(train, public / "train.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(labels=SAMPLE_GUESS), public / "sample_submission.csv")
    gold = answers.assign(labels=[gold_points(boxes) for boxes in answers["labels"]])
    write_csv(gold, private / "gold_submission.csv")
    copy_file(raw / "unicode_translation.csv", public / "unicode_translation.csv")
    images = raw / "train_images.zip"
    for part, name in ((train, "train_images.zip"), (answers, "test_images.zip")):
        copy_zip_members(images, sorted(f"{i}.jpg" for i in part["image_id"]), public / name)
