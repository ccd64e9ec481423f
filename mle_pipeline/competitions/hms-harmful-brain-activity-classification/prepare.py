"""hms-harmful-brain-activity-classification: 10 % of Kaggle's spectrograms become the test set.

As in MLE-bench: ``train_test_split`` (``test_size=0.1``, ``random_state=0``) of the distinct
``spectrogram_id`` values of train.csv, in order of appearance; every row of a test
spectrogram goes to the test set (its EEGs with it). Public test.csv keeps spectrogram_id,
eeg_id and patient_id; private gold_submission.csv holds each test row's votes divided by
their sum; the sample submission predicts 1/6 for each class. The EEG and spectrogram
parquet files are hard-linked (copied where a link is impossible) into public
``train_eegs``/``test_eegs`` and ``train_spectrograms``/``test_spectrograms``, never read;
example_figures/ is copied whole. Kaggle's own test files are not used.
"""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.files import link_or_copy
from mle_pipeline.prepare.tables import read_csv, split_groups, write_csv

from .grade import VOTES

COLUMNS = [
    "eeg_id",
    "eeg_sub_id",
    "eeg_label_offset_seconds",
    "spectrogram_id",
    "spectrogram_sub_id",
    "spectrogram_label_offset_seconds",
    "label_id",
    "patient_id",
    "expert_consensus",
    *VOTES,
]


def _link_parquets(ids: pd.Series, source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for file_id in ids.unique():
        link_or_copy(source / f"{file_id}.parquet", dest / f"{file_id}.parquet")


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv", columns=COLUMNS)
    train, test = split_groups(labels, "spectrogram_id", test_size=0.1, random_state=0)
    shared = set(train["eeg_id"]) & set(test["eeg_id"])
    if shared:
        raise ValueError(
            f"{raw / 'train.csv'}: eeg_id {sorted(shared)[:3]} recorded with spectrograms on "
            "both sides of the split; each EEG must belong to one spectrogram"
        )

    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test[["spectrogram_id", "eeg_id", "patient_id"]], public / "test.csv")
    gold = test[["eeg_id", *VOTES]].copy()
    gold[VOTES] = gold[VOTES].div(gold[VOTES].sum(axis=1), axis=0)
    write_csv(gold, private / "gold_submission.csv")
    write_csv(gold.assign(**{v: 1 / len(VOTES) for v in VOTES}), public / "sample_submission.csv")

    shutil.copytree(raw / "example_figures", public / "example_figures", copy_function=link_or_copy)
    for part, rows in (("train", train), ("test", test)):
        _link_parquets(rows["eeg_id"], raw / "train_eegs", public / f"{part}_eegs")
        _link_parquets(
            rows["spectrogram_id"], raw / "train_spectrograms", public / f"{part}_spectrograms"
        )
