"""rsna-miccai-brain-tumor-radiogenomic-classification: 10 % of Kaggle's labelled patients
become the test set.

Two variants:

- ``mlebench`` (default): MLE-bench's preparation. A scikit-learn shuffle split of
  train_labels.csv (``test_size=0.1``, ``random_state=0``), ids read as text so they keep
  their zeros (``00012``); each patient's folder of DICOM series (``FLAIR/``, ``T1w/``,
  ``T1wCE/``, ``T2w/``) is copied byte for byte from Kaggle's ``train/`` into public
  ``train/`` or ``test/``; the sample submission predicts 0.5. Kaggle's own test/ is not used.
- ``clean_test`` (opt-in, ``MLE_PIPELINE_MICCAI_CLEAN_TEST=1`` or the config's
  ``options: clean_test``): the same split, but the three training cases Kaggle flagged as
  faulty (``00109``, ``00123``, ``00709``; its test set was free of them) are left out of
  the test set (answers, sample submission and public ``test/``) when the split puts them
  there. They stay in training, where Kaggle left excluding them to participants.
"""

from pathlib import Path

from mle_pipeline.prepare.files import copy_folders
from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv
from mle_pipeline.prepare.variants import opt_in

COLUMNS = ["BraTS21ID", "MGMT_value"]
FLAGGED_CASES = ("00109", "00123", "00709")
CLEAN_TEST_ENV = "MLE_PIPELINE_MICCAI_CLEAN_TEST"


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    chosen = opt_in(
        "rsna-miccai-brain-tumor-radiogenomic-classification", CLEAN_TEST_ENV, "clean_test"
    )
    return "clean_test" if chosen else "mlebench"


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels_path = raw / "train_labels.csv"
    labels = read_csv(labels_path, COLUMNS, dtype={"BraTS21ID": str, "MGMT_value": int})
    if not labels["BraTS21ID"].is_unique:
        raise ValueError(f"{labels_path}: BraTS21ID values must be unique")
    train, answers = split_rows(labels, test_size=0.1, random_state=0)
    if variant() == "clean_test":
        answers = answers[~answers["BraTS21ID"].isin(FLAGGED_CASES)]

    copy_folders(train["BraTS21ID"], raw / "train", public / "train")
    copy_folders(answers["BraTS21ID"], raw / "train", public / "test")
    write_csv(train, public / "train_labels.csv")
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(MGMT_value=0.5), public / "sample_submission.csv")
