"""osic-pulmonary-fibrosis-progression: a tenth of Kaggle's training patients become the test set.

As in MLE-bench: the patients (sorted, as pandas groups them) are shuffle-split with
scikit-learn (``test_size=0.1``, ``random_state=0``) and their rows concatenated patient by
patient in the split's order. The public test.csv keeps each test patient's earliest visit;
the private test.csv has one row per test patient and every week from the test set's first
to its last (FVC empty where there was no visit, Confidence 100), and the sample submission
predicts FVC 2000 with confidence 100 for each of those rows. Each patient's CT folder is
copied byte for byte from Kaggle's ``train/`` into public ``train/`` or ``test/``; Kaggle's
own test patients are not used.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import read_csv, write_csv

COLUMNS = ["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"]


def _split_patients(visits: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    by_patient = dict(tuple(visits.groupby("Patient")))
    train_ids, test_ids = train_test_split(list(by_patient), test_size=0.1, random_state=0)
    return (
        pd.concat([by_patient[p] for p in train_ids]),
        pd.concat([by_patient[p] for p in test_ids]),
    )


def _every_week(test: pd.DataFrame) -> pd.DataFrame:
    """One row per test patient and week of the test set's range, visits merged in."""
    weeks = range(test["Weeks"].min(), test["Weeks"].max() + 1)
    grid = pd.DataFrame(
        [(patient, week) for patient in test["Patient"].unique() for week in weeks],
        columns=["Patient", "Weeks"],
    )
    answers = grid.merge(test, on=["Patient", "Weeks"], how="left")
    answers["Patient_Week"] = answers["Patient"] + "_" + answers["Weeks"].astype(str)
    answers["Confidence"] = 100
    if answers.groupby("Patient").size().nunique() != 1:
        raise ValueError("train.csv: a test patient has two visits in the same week")
    return answers


def _copy_scans(patients: pd.Series, source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for patient in patients.unique():
        shutil.copytree(source / patient, dest / patient, copy_function=shutil.copyfile)


def prepare(raw: Path, public: Path, private: Path) -> None:
    visits = read_csv(raw / "train.csv", columns=COLUMNS)
    train, test = _split_patients(visits)
    first_visits = test.sort_values(by="Weeks").groupby("Patient").first().reset_index()
    answers = _every_week(test)
    sample = answers[["Patient_Week"]].assign(FVC=2000, Confidence=100)

    write_csv(train, public / "train.csv")
    write_csv(first_visits, public / "test.csv")
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    _copy_scans(train["Patient"], raw / "train", public / "train")
    _copy_scans(test["Patient"], raw / "train", public / "test")
