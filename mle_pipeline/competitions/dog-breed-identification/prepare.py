"""dog-breed-identification: 10 % of labels.csv becomes the test set; answers one-hot.

Public training labels keep the name ``labels.csv``; images are copied to train/ and test/.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import (
    copy_named_files,
    one_hot,
    read_csv,
    split_rows,
    write_csv,
)

from .breeds import BREEDS


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split_rows(read_csv(raw / "labels.csv"), test_size=0.1, random_state=0)
    answers = one_hot(test, "id", "breed", BREEDS)

    write_csv(train, public / "labels.csv")
    write_csv(answers, private / "test.csv")
    copy_named_files(train["id"], raw / "train", public / "train", ".jpg")
    copy_named_files(answers["id"], raw / "train", public / "test", ".jpg")

    sample = answers.astype({breed: "float64" for breed in BREEDS})
    sample[BREEDS] = 1 / len(BREEDS)
    write_csv(sample, public / "sample_submission.csv")
