"""movie-review-sentiment-analysis-kernels-only: 30 % of train.tsv becomes the test set.

As in MLE-bench: a scikit-learn shuffle split (``random_state=0``) of the phrases in
``train.tsv.zip``, read with pandas' default NA handling; public ``train.tsv.zip`` and
``test.tsv.zip`` are re-created (here with fixed timestamps, so reruns are byte-identical);
the sample submission predicts 2 (neutral) everywhere.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import read_zipped_csv, split_rows, write_csv, write_zipped_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    phrases = read_zipped_csv(raw / "train.tsv.zip", "train.tsv", sep="\t")
    missing = [c for c in ["PhraseId", "SentenceId", "Phrase", "Sentiment"] if c not in phrases]
    if missing:
        raise ValueError(f"{raw / 'train.tsv.zip'}: train.tsv lacks column(s) {missing}")
    if not phrases["PhraseId"].is_unique:
        raise ValueError(f"{raw / 'train.tsv.zip'}: PhraseId values repeat in train.tsv")
    train, answers = split_rows(phrases, test_size=0.3, random_state=0)

    sample = answers[["PhraseId", "Sentiment"]].copy()
    sample["Sentiment"] = 2
    write_csv(answers, private / "answers.csv")
    write_zipped_csv(train, public / "train.tsv.zip", "train.tsv", sep="\t")
    write_zipped_csv(
        answers.drop(columns=["Sentiment"]), public / "test.tsv.zip", "test.tsv", sep="\t"
    )
    write_csv(sample, public / "sampleSubmission.csv")
