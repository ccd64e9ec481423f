"""petfinder-pawpularity-score: 10 % of train.csv becomes the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``); the sample submission
draws uniform scores in [1, 100] rounded to 2 decimals from ``numpy.random.default_rng(0)``;
images are copied unchanged from Kaggle's ``train/`` into public ``train/`` and ``test/``.
Kaggle's own test rows and images are not used.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    train, answers = split_rows(labels, test_size=0.1, random_state=0)

    sample = answers[["Id", "Pawpularity"]].copy()
    sample["Pawpularity"] = np.random.default_rng(0).uniform(1, 100, len(sample)).round(2)
    write_csv(train, public / "train.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.drop(columns=["Pawpularity"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    copy_named_files(train["Id"], raw / "train", public / "train", ".jpg")
    copy_named_files(answers["Id"], raw / "train", public / "test", ".jpg")
