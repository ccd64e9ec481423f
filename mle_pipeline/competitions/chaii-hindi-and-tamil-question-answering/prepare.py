"""chaii-hindi-and-tamil-question-answering: 10 % of train.csv becomes the test set.

The public test drops answer_text and answer_start; the answers are id and the answer text
renamed PredictionString (the submission's format); the sample submission answers
"dummy text" everywhere, as MLE-bench's does.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

COLUMNS = ["id", "context", "question", "answer_text", "answer_start", "language"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    questions = read_csv(path, COLUMNS)
    train, test = split_rows(questions, test_size=0.1, random_state=0)

    answers = test[["id", "answer_text"]].rename(columns={"answer_text": "PredictionString"})
    sample = answers.assign(PredictionString="dummy text")
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=["answer_start", "answer_text"]), public / "test.csv")
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
