"""learning-agency-lab-automated-essay-scoring-2: 10 % of train.csv becomes the test set.

The answers keep every column (essay_id, full_text, score), as MLE-bench writes them; the
sample submission holds random scores 1..6 (``RandomState(42)``), as MLE-bench's does.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

ID, TEXT, TARGET = "essay_id", "full_text", "score"


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    essays = read_csv(path, [ID, TEXT, TARGET])
    train, answers = split_rows(essays, test_size=0.1, random_state=0)

    sample = answers[[ID]].copy()
    sample[TARGET] = np.random.RandomState(42).randint(1, 7, size=len(sample))

    write_csv(answers, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.drop(columns=[TARGET]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
