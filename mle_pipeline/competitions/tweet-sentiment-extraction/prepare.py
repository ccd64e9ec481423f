"""tweet-sentiment-extraction: 10 % of train.csv becomes the test set (random_state 0).

The answers are the test rows with every column (textID, text, selected_text, sentiment);
the sample submission's selected_text is empty, as MLE-bench's is.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_csv, split_rows, write_csv

COLUMNS = ["textID", "text", "selected_text", "sentiment"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train.csv"
    tweets = read_csv(path, COLUMNS)
    train, test = split_rows(tweets, test_size=0.1, random_state=0)

    sample = test[["textID", "selected_text"]].copy()
    sample["selected_text"] = ""
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(test.drop(columns=["selected_text"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
