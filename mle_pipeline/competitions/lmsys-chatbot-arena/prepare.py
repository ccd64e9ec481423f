"""lmsys-chatbot-arena: 10 % of train.csv becomes the test set (random_state 0).

The answers are the test rows with every train column (models, texts and the three
one-hot winner columns); the public test keeps id, prompt and the two responses; the sample
submission gives each outcome a third, as MLE-bench's does.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]
TEST_COLUMNS = ["id", "prompt", "response_a", "response_b"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    battles = read_csv(path)
    missing = [c for c in [*TEST_COLUMNS, *CLASSES] if c not in battles.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    train, answers = split_rows(battles, test_size=0.1, random_state=0)

    sample = answers[["id"]].copy()
    for label in CLASSES:
        sample[label] = 1 / 3
    write_csv(answers, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers[TEST_COLUMNS], public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
