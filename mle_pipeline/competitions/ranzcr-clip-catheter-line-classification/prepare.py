"""ranzcr-clip: 10 % of train.csv becomes the test set; annotations follow the training rows.

The answers keep every train.csv column (all 11 labels and PatientID); the sample submission
has only the 9 graded labels, all 0, as in MLE-bench. Images are copied to public train/ and
test/ under their own names; Kaggle's own test images and the TFRecords are not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv

from .labels import GRADED


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)
    annotations = read_csv(raw / "train_annotations.csv")
    train_annotations = annotations[annotations["StudyInstanceUID"].isin(train["StudyInstanceUID"])]

    copy_named_files(train["StudyInstanceUID"], raw / "train", public / "train", ".jpg")
    copy_named_files(test["StudyInstanceUID"], raw / "train", public / "test", ".jpg")

    sample = test[["StudyInstanceUID", *GRADED]].copy()
    sample[GRADED] = 0
    write_csv(train, public / "train.csv")
    write_csv(train_annotations, public / "train_annotations.csv")
    write_csv(test, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
