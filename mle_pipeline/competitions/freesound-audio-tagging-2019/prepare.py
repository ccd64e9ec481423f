"""freesound-audio-tagging-2019: Kaggle's files as they are, plus test labels from Zenodo.

As in MLE-bench: every file of the download is copied into public/ unchanged (the WAV
clips stay inside Kaggle's zips, never decoded). The answers are the "Private" rows of
FSDKaggle2019's ``test_post_competition.csv`` (released on Zenodo after the competition),
in that file's order, as one 0/1 column per class of sample_submission.csv. The labels'
archive is read from raw/ when present (the offline sample ships it), otherwise
downloaded into a scratch folder beside the output and deleted afterwards; never kept in
raw/ or public/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import requests

from mle_pipeline.prepare.tables import read_csv, read_zipped_csv, scratch_dir, write_csv

META = "FSDKaggle2019.meta"
META_URL = "https://zenodo.org/records/3612637/files/FSDKaggle2019.meta.zip?download=1"
LABELS_MEMBER = f"{META}/test_post_competition.csv"


def _download(url: str, dest: Path) -> Path:
    try:
        with requests.get(url, stream=True, timeout=60) as response:
            response.raise_for_status()
            with open(dest, "wb") as out:
                for chunk in response.iter_content(1 << 20):
                    out.write(chunk)
    except requests.RequestException as err:
        raise RuntimeError(
            f"could not download the test labels from {url} ({err}); download it by hand and "
            f"put it in the raw folder as {META}.zip"
        ) from None
    return dest


def _test_labels(raw: Path, scratch: Path) -> pd.DataFrame:
    archive = raw / f"{META}.zip"
    if not archive.is_file():
        archive = _download(META_URL, scratch / f"{META}.zip")
    labels = read_zipped_csv(archive, LABELS_MEMBER)
    missing = {"fname", "labels", "usage"} - set(labels.columns)
    if missing or labels["labels"].isna().any():
        raise ValueError(
            f"{archive}: {LABELS_MEMBER} needs fname, labels and usage for every clip "
            f"(missing columns: {sorted(missing)})"
        )
    return labels


def _many_hot(labels: pd.DataFrame, classes: list[str], source: Path) -> pd.DataFrame:
    """One row per clip, a 0/1 integer column per class, in ``classes`` order."""
    index = {name: i for i, name in enumerate(classes)}
    matrix = np.zeros((len(labels), len(classes)), dtype=np.int64)
    for row, cell in enumerate(labels["labels"]):
        names = cell.split(",")
        unknown = [name for name in names if name not in index]
        if unknown:
            raise ValueError(f"{source}: labels outside sample_submission.csv's: {unknown}")
        matrix[row, [index[name] for name in names]] = 1
    answers = pd.DataFrame(matrix, columns=classes)
    answers.insert(0, "fname", labels["fname"].to_numpy())
    return answers


def prepare(raw: Path, public: Path, private: Path) -> None:
    for item in sorted(raw.iterdir()):
        if META in item.name:
            continue
        if item.is_dir():
            shutil.copytree(item, public / item.name)
        else:
            shutil.copyfile(item, public / item.name)
    sample = read_csv(public / "sample_submission.csv")
    if sample.columns[0] != "fname" or len(sample.columns) < 2:
        raise ValueError(f"{raw / 'sample_submission.csv'}: expected fname and class columns")
    with scratch_dir(public) as scratch:
        labels = _test_labels(raw, Path(scratch))
    test = labels[labels["usage"] == "Private"]
    answers = _many_hot(test, list(sample.columns[1:]), raw / f"{META}.zip")
    if sorted(answers["fname"]) != sorted(sample["fname"]):
        raise ValueError(
            f"the Private clips of {LABELS_MEMBER} ({len(answers)}) are not the clips of "
            f"{raw / 'sample_submission.csv'} ({len(sample)})"
        )
    write_csv(answers, private / "test.csv")
