"""text-normalization (Russian): 10 % of train sentences become the test set.

Only the second-stage files are used. Whole sentences are split (train_test_split of the
distinct sentence ids, random_state 0); each part's sentence ids are renumbered 0, 1, ... in
order of appearance. Ids are ``<sentence_id>_<token_id>``. Every CSV is written with
``QUOTE_NONNUMERIC``; the public ones are zipped, as Kaggle ships them.

pandas' default NA parsing is kept (as MLE-bench does): tokens such as ``NA`` or ``null``
become empty cells in the public files and the answers.
"""

import csv
from pathlib import Path

from mle_pipeline.prepare.tables import (
    read_zipped_csv,
    renumber_by_appearance,
    split_groups,
    write_zipped_csv,
    zip_file,
)

PREFIX = "ru"
QUOTING = {"quotechar": '"', "quoting": csv.QUOTE_NONNUMERIC}


def prepare(raw: Path, public: Path, private: Path) -> None:
    frame = read_zipped_csv(raw / f"{PREFIX}_train.csv.zip", f"{PREFIX}_train.csv")
    if list(frame.columns) != ["sentence_id", "token_id", "class", "before", "after"]:
        raise ValueError(f"{PREFIX}_train.csv has unexpected columns {list(frame.columns)}")
    train, test = split_groups(frame, "sentence_id", test_size=0.1, random_state=0)
    del frame
    train["sentence_id"] = renumber_by_appearance(train["sentence_id"])
    test["sentence_id"] = renumber_by_appearance(test["sentence_id"])

    ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
    test["after"].to_frame().assign(id=ids)[["id", "after"]].to_csv(
        private / "answers.csv", index=False, **QUOTING
    )
    sample = test["before"].rename("after").to_frame().assign(id=ids)[["id", "after"]]
    sample.to_csv(private / "sample_submission.csv", index=False, **QUOTING)
    del sample, ids

    name = f"{PREFIX}_sample_submission_2.csv"
    zip_file(private / "sample_submission.csv", public / f"{name}.zip", arcname=name)
    name = f"{PREFIX}_test_2.csv"
    write_zipped_csv(test.drop(columns=["after", "class"]), public / f"{name}.zip", name, **QUOTING)
    del test
    name = f"{PREFIX}_train.csv"
    write_zipped_csv(train, public / f"{name}.zip", name, **QUOTING)
