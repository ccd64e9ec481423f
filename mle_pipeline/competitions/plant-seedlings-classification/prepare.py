"""plant-seedlings-classification: 14 % of Kaggle's train/ photos become the test set.

As in MLE-bench: the table of (file, species) is built from the species folders and the
``.png`` files in them, both in sorted order, then shuffle-split by scikit-learn
(``test_size=0.14``, ``random_state=0``). Photos are copied unchanged, train ones into
``train/<species>/``, test ones flat into ``test/``; the sample submission says "Sugar beet".
Kaggle's own test/ photos are not used.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_file, split_rows, write_csv


def _photos(folder: Path) -> pd.DataFrame:
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: missing from the download (species folders of photos)")
    rows = [
        {"file": photo.name, "species": species.name}
        for species in sorted(folder.iterdir(), key=lambda p: p.name)
        if species.is_dir()
        for photo in sorted(species.iterdir(), key=lambda p: p.name)
        if photo.name.endswith(".png")
    ]
    if not rows:
        raise ValueError(f"{folder}: no .png photos in species folders")
    return pd.DataFrame(rows, columns=["file", "species"])


def prepare(raw: Path, public: Path, private: Path) -> None:
    photos = _photos(raw / "train")
    if not photos["file"].is_unique:
        raise ValueError(f"{raw / 'train'}: a file name appears under two species")
    train, answers = split_rows(photos, test_size=0.14, random_state=0)

    write_csv(answers, private / "answers.csv")
    write_csv(answers.assign(species="Sugar beet"), public / "sample_submission.csv")
    (public / "test").mkdir(parents=True, exist_ok=True)
    for file, species in zip(train["file"], train["species"], strict=True):
        copy_file(raw / "train" / species / file, public / "train" / species / file)
    for file, species in zip(answers["file"], answers["species"], strict=True):
        copy_file(raw / "train" / species / file, public / "test" / file)
