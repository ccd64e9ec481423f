"""spooky-author-identification: 10 % of train.csv becomes the test set; answers one-hot."""

from pathlib import Path

from mle_pipeline.prepare.tables import one_hot, read_csv, scratch_dir, split_rows, write_csv
from mle_pipeline.sources.archive import extract

CLASSES = ["EAP", "HPL", "MWS"]
# Kaggle's own sample submission uses these class priors.
SAMPLE_PRIORS = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as scratch:
        extract(raw / "train.zip", Path(scratch))
        frame = read_csv(Path(scratch) / "train.csv")
    train, test = split_rows(frame, test_size=0.1, random_state=0)

    answers = one_hot(test.drop(columns=["text"]), "id", "author", CLASSES)
    sample = answers.copy()
    for label, prior in SAMPLE_PRIORS.items():
        sample[label] = prior

    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=["author"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "test.csv")
