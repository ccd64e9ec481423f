"""jigsaw-toxic-comment: no split; Kaggle's published test labels are the answers.

The four CSVs are read from their zips and rewritten unchanged except that the sample
submission's six label columns are set to 0.5. The answers keep Kaggle's rows labelled -1
(not scored); the grader leaves them out, so a submission still needs one row per test id.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_zipped_csv, write_csv

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = read_zipped_csv(raw / "train.csv.zip", "train.csv")
    test = read_zipped_csv(raw / "test.csv.zip", "test.csv")
    answers = read_zipped_csv(raw / "test_labels.csv.zip", "test_labels.csv")
    sample = read_zipped_csv(raw / "sample_submission.csv.zip", "sample_submission.csv")
    sample[CLASSES] = 0.5

    if sorted(answers["id"]) != sorted(test["id"]) or sorted(sample["id"]) != sorted(test["id"]):
        raise ValueError("test.csv, test_labels.csv and sample_submission.csv ids differ")
    if not set(train["id"]).isdisjoint(test["id"]):
        raise ValueError("train and test ids overlap; the raw download is not the expected one")

    write_csv(train, public / "train.csv")
    write_csv(test, public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "test.csv")
