"""Shared by both text-normalization competitions (English ``en``, Russian ``ru``).

Preparation: 10 % of train sentences become the test set.

Only the second-stage files are used. Whole sentences are split (train_test_split of the
distinct sentence ids, random_state 0); each part's sentence ids are renumbered 0, 1, ... in
order of appearance. Ids are ``<sentence_id>_<token_id>``. Every CSV is written with
``QUOTE_NONNUMERIC``; the public ones are zipped, as Kaggle ships them.

pandas' default NA parsing is kept (as MLE-bench does): tokens such as ``NA`` or ``null``
become empty cells in the public files and the answers.
"""

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.grading.metrics import text_accuracy
from mle_pipeline.prepare.tables import (
    read_zipped_csv,
    renumber_by_appearance,
    split_groups,
    write_zipped_csv,
    zip_file,
)
from mle_pipeline.sources.synthetic import zip_single

QUOTING = {"quotechar": '"', "quoting": csv.QUOTE_NONNUMERIC}


def prepare_language(raw: Path, public: Path, private: Path, prefix: str) -> None:
    frame = read_zipped_csv(raw / f"{prefix}_train.csv.zip", f"{prefix}_train.csv")
    if list(frame.columns) != ["sentence_id", "token_id", "class", "before", "after"]:
        raise ValueError(f"{prefix}_train.csv has unexpected columns {list(frame.columns)}")
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

    name = f"{prefix}_sample_submission_2.csv"
    zip_file(private / "sample_submission.csv", public / f"{name}.zip", arcname=name)
    name = f"{prefix}_test_2.csv"
    write_zipped_csv(test.drop(columns=["after", "class"]), public / f"{name}.zip", name, **QUOTING)
    del test
    name = f"{prefix}_train.csv"
    write_zipped_csv(train, public / f"{name}.zip", name, **QUOTING)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return text_accuracy(submission, answers, id_column="id", target_column="after")


def gold_submission(answers: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "after"]]


Token = Callable[[np.random.Generator], tuple[str, str, str]]


def sentences(gen: np.random.Generator, token: Token, n: int) -> pd.DataFrame:
    rows = []
    for sentence in range(n):
        length = int(gen.integers(4, 14))
        for position in range(length):
            kind, before, after = token(gen)
            if position == length - 1:
                kind, before, after = "PUNCT", ".", "."
            rows.append((sentence, position, kind, before, after))
    return pd.DataFrame(rows, columns=["sentence_id", "token_id", "class", "before", "after"])


def _write_zipped(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_NONNUMERIC)
    zip_single(path)


def write_language(
    out_dir: Path, prefix: str, gen: np.random.Generator, token: Token, n_train: int, n_test: int
) -> None:
    """``<prefix>_train``, ``_test``, ``_test_2`` and both sample submissions, each zipped."""
    _write_zipped(sentences(gen, token, n_train), out_dir / f"{prefix}_train.csv")
    for stage in ("", "_2"):
        test = sentences(gen, token, n_test)[["sentence_id", "token_id", "before"]]
        _write_zipped(test, out_dir / f"{prefix}_test{stage}.csv")
        ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
        sample = pd.DataFrame({"id": ids, "after": test["before"]})
        _write_zipped(sample, out_dir / f"{prefix}_sample_submission{stage}.csv")
