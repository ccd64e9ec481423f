"""invasive-species-monitoring's public 7z archives hold the photos (MLE-bench issue #122)."""

import zipfile

import pandas as pd
import py7zr

from mle_pipeline.sources.archive import extract

CID = "invasive-species-monitoring"


def test_public_archives_hold_the_split_photos_unchanged(prepared_root, tmp_path) -> None:
    layout = prepared_root(CID)
    public, raw = layout.public_dir(CID), layout.raw_dir(CID)
    with zipfile.ZipFile(public / "train_labels.csv.zip") as archive:
        train = pd.read_csv(archive.open("train_labels.csv"))
    answers = pd.read_csv(layout.private_dir(CID) / "answers.csv")
    extract(raw / "train.7z", tmp_path / "download")
    for folder, names in (("train", train["name"]), ("test", answers["name"])):
        with py7zr.SevenZipFile(public / f"{folder}.7z") as archive:
            members = sorted(archive.getnames())
            archive.extractall(tmp_path / "public")
        assert members == sorted(f"{folder}/{name}.jpg" for name in names)
        for name in names:
            got = (tmp_path / "public" / folder / f"{name}.jpg").read_bytes()
            assert got == (tmp_path / "download" / "train" / f"{name}.jpg").read_bytes()
