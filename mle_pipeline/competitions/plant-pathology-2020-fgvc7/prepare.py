"""plant-pathology-2020-fgvc7: 10 % of train.csv becomes the test set; images renamed.

As in MLE-bench, the images of the new training rows are renamed ``Train_0``, ``Train_1``,
... and those of the test rows ``Test_0``, ... in split order, all in public ``images/``;
Kaggle's own test images are not used.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    train, answers = split_rows(labels, test_size=0.1, random_state=0)
    new_ids = {
        **{old: f"Train_{i}" for i, old in enumerate(train["image_id"].unique())},
        **{old: f"Test_{i}" for i, old in enumerate(answers["image_id"].unique())},
    }
    train["image_id"] = train["image_id"].replace(new_ids)
    answers["image_id"] = answers["image_id"].replace(new_ids)

    sample = answers[["image_id"]].copy()
    sample[CLASSES] = 0.25
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers[["image_id"]], public / "test.csv")
    write_csv(train, public / "train.csv")
    copy_named_files(labels["image_id"], raw / "images", public / "images", ".jpg", rename=new_ids)
