"""jigsaw-unintended-bias-in-toxicity-classification: no split.

As in MLE-bench: Kaggle's published private test labels (test_private_expanded.csv) are the
answers, copied byte for byte; train.csv is copied byte for byte (it is most of the
download, so it is streamed, never parsed); the public test is id and comment_text of the
answers; the sample submission predicts 0.0 for every id.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_file, read_csv, write_csv

ANSWERS_COLUMNS = 45


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "test_private_expanded.csv"
    columns = list(read_csv(path, nrows=0).columns)
    if len(columns) != ANSWERS_COLUMNS or not {"id", "comment_text", "toxicity"} <= set(columns):
        raise ValueError(
            f"{path}: expected {ANSWERS_COLUMNS} columns including id, comment_text and "
            f"toxicity; got {len(columns)}: {columns[:8]}..."
        )
    test = read_csv(path, usecols=["id", "comment_text"])[["id", "comment_text"]]

    copy_file(path, private / "test.csv")
    copy_file(raw / "train.csv", public / "train.csv")
    write_csv(test, public / "test.csv")
    write_csv(test[["id"]].assign(prediction=0.0), public / "sample_submission.csv")
