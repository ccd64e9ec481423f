"""invasive-species-monitoring: 20 % of Kaggle's labelled photos become the test set.

As in MLE-bench: a scikit-learn shuffle split of train_labels.csv (``test_size=0.2``,
``random_state=0``); the sample submission predicts 0.5 and is written both privately and,
zipped, publicly; train_labels.csv is zipped again. Kaggle's own test.7z is not used.

Unlike MLE-bench, public ``train.7z`` and ``test.7z`` hold the photos (``train/<name>.jpg``,
``test/<name>.jpg``): MLE-bench's py7zr ``write()`` of a folder stores only the folder's own
entry, under its absolute path, and no photo (its issue #122). Photos are hard-linked (or
copied) from the extracted download, never decoded.
"""

import os
import shutil
from pathlib import Path

from mle_pipeline.prepare.tables import (
    read_zipped_csv,
    scratch_dir,
    split_rows,
    write_csv,
    write_zipped_csv,
)
from mle_pipeline.sources.archive import extract, seven_zip_folder


def _link(src: Path, dst: Path) -> None:
    if not src.is_file():
        raise FileNotFoundError(f"{src.name}: listed in train_labels.csv but not in train.7z")
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_zipped_csv(raw / "train_labels.csv.zip", "train_labels.csv")
    if list(labels.columns) != ["name", "invasive"] or not labels["name"].is_unique:
        raise ValueError(
            f"{raw / 'train_labels.csv.zip'}: expected unique names in columns name, invasive; "
            f"got {list(labels.columns)}"
        )
    train, answers = split_rows(labels, test_size=0.2, random_state=0)
    sample = answers.assign(invasive=0.5)

    write_csv(answers, private / "answers.csv")
    write_csv(sample, private / "sample_submission.csv")
    write_zipped_csv(sample, public / "sample_submission.csv.zip", "sample_submission.csv")
    write_zipped_csv(train, public / "train_labels.csv.zip", "train_labels.csv")
    with scratch_dir(public) as tmp:
        scratch = Path(tmp)
        extract(raw / "train.7z", scratch / "download")
        photos = scratch / "download" / "train"
        for folder, part in (("train", train), ("test", answers)):
            out = scratch / "out" / folder
            out.mkdir(parents=True)
            for name in part["name"]:
                _link(photos / f"{name}.jpg", out / f"{name}.jpg")
            seven_zip_folder(out, public / f"{folder}.7z")
