"""rsna-miccai-brain-tumor-radiogenomic-classification: 10 % of Kaggle's labelled patients
become the test set.

As in MLE-bench: a scikit-learn shuffle split of train_labels.csv (``test_size=0.1``,
``random_state=0``), ids read as text so they keep their zeros (``00012``); each patient's
folder of DICOM series (``FLAIR/``, ``T1w/``, ``T1wCE/``, ``T2w/``) is copied byte for byte
from Kaggle's ``train/`` into public ``train/`` or ``test/``; the sample submission predicts
0.5. Kaggle's own test/ is not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_folders, read_csv, split_rows, write_csv

COLUMNS = ["BraTS21ID", "MGMT_value"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels_path = raw / "train_labels.csv"
    labels = read_csv(labels_path, COLUMNS, dtype={"BraTS21ID": str, "MGMT_value": int})
    if not labels["BraTS21ID"].is_unique:
        raise ValueError(f"{labels_path}: BraTS21ID values must be unique")
    train, answers = split_rows(labels, test_size=0.1, random_state=0)

    copy_folders(train["BraTS21ID"], raw / "train", public / "train")
    copy_folders(answers["BraTS21ID"], raw / "train", public / "test")
    write_csv(train, public / "train_labels.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(MGMT_value=0.5), public / "sample_submission.csv")
