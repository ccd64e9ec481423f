"""bms-molecular-translation: 20 % of Kaggle's labelled images become the test set.

As in MLE-bench: a scikit-learn shuffle split of train_labels.csv (``test_size=0.2``,
``random_state=0``); each image keeps Kaggle's nesting by the first three characters of its
id (``train/a/b/c/abc....png``) under public ``train/`` or ``test/``; the sample submission
predicts water's InChI for every test image; extra_approved_InChIs.csv is copied unchanged.
Kaggle's own test images are not used. The 2.4 M images are hard-linked (copied where a
link is impossible), never decoded.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.files import link_or_copy
from mle_pipeline.prepare.tables import copy_file, read_csv, split_rows, write_csv

COLUMNS = ["image_id", "InChI"]
WATER = "InChI=1S/H2O/h1H2"


def image_path(image_id: str) -> Path:
    """Kaggle's place for an image: nested by the first three characters of its id."""
    return Path(image_id[0], image_id[1], image_id[2], f"{image_id}.png")


def _link_images(image_ids: pd.Series, source: Path, dest: Path) -> None:
    paths = [image_path(i) for i in image_ids]
    for folder in sorted({p.parent for p in paths}):
        (dest / folder).mkdir(parents=True, exist_ok=True)
    for path in paths:
        link_or_copy(source / path, dest / path)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train_labels.csv", columns=COLUMNS, dtype=str, keep_default_na=False)
    if not labels["image_id"].is_unique or (labels["image_id"].str.len() < 3).any():
        raise ValueError(f"{raw / 'train_labels.csv'}: image_id values must be unique ids")
    train, answers = split_rows(labels, test_size=0.2, random_state=0)

    write_csv(train, public / "train_labels.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(InChI=WATER), public / "sample_submission.csv")
    copy_file(raw / "extra_approved_InChIs.csv", public / "extra_approved_InChIs.csv")
    _link_images(train["image_id"], raw / "train", public / "train")
    _link_images(answers["image_id"], raw / "train", public / "test")
