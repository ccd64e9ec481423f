"""google-quest-challenge: 10 % of train.csv becomes the test set (random_state 0).

Spearman's correlation needs variation in every rating column. question_type_spelling is
almost always 0, so when it is constant in the test split, MLE-bench swaps the first test
row with the first train row (in split order) whose spelling rating is not 0; so does this.
The answers are qa_id and the 30 ratings; the sample submission's columns each run from 0
to 1 evenly down the rows.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

from .targets import ID, TARGETS

SPELLING = "question_type_spelling"


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    frame = read_csv(path)
    missing = [c for c in [ID, *TARGETS] if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    train, test = split_rows(frame, test_size=0.1, random_state=0)

    if test[SPELLING].nunique() == 1:
        donors = train.index[train[SPELLING] != 0]
        if donors.empty:
            raise ValueError(f"{path}: {SPELLING} is 0 everywhere; no row can give it variation")
        first_test = test.iloc[0].copy()
        test.iloc[0] = train.loc[donors[0]].copy()
        train.loc[donors[0]] = first_test

    constant = [c for c in TARGETS if test[c].nunique() <= 1]
    if constant:
        raise ValueError(
            f"{path}: rating column(s) {constant} are constant in the test split, so their "
            "Spearman correlation is undefined (the download is too small or not Kaggle's)"
        )
    answers = test[[ID, *TARGETS]]
    sample = answers.copy()
    sample[TARGETS] = np.tile(np.linspace(0, 1, len(sample))[:, None], (1, len(TARGETS)))

    write_csv(answers, private / "test.csv")
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=TARGETS), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
