"""predict-volcanic-eruptions-ingv-oe: 10 % of Kaggle's training segments become the test set.

As in MLE-bench: a scikit-learn shuffle split of train.csv (``test_size=0.1``,
``random_state=0``); segment files are copied unchanged from Kaggle's ``train/`` into public
``train/`` and ``test/``; the sample submission predicts 0. Kaggle's own test/ is not used.
The segment files (about 31 GB in Kaggle's download) are copied file by file, never parsed.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_named_files, read_csv, split_rows, write_csv

COLUMNS = ["segment_id", "time_to_eruption"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    segments = read_csv(raw / "train.csv")
    if list(segments.columns) != COLUMNS or not segments["segment_id"].is_unique:
        raise ValueError(
            f"{raw / 'train.csv'}: expected unique segment_id values in columns {COLUMNS}; "
            f"got {list(segments.columns)}"
        )
    train, answers = split_rows(segments, test_size=0.1, random_state=0)

    write_csv(answers, private / "test.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.assign(time_to_eruption=0), public / "sample_submission.csv")
    copy_named_files(train["segment_id"].astype(str), raw / "train", public / "train", ".csv")
    copy_named_files(answers["segment_id"].astype(str), raw / "train", public / "test", ".csv")
