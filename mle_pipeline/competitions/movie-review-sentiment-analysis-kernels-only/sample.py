"""Synthetic movie-review-sentiment-analysis-kernels-only download.

Kaggle's layout: ``train.tsv.zip`` (PhraseId, SentenceId, Phrase, Sentiment),
``test.tsv.zip`` (without Sentiment) and ``sampleSubmission.csv``. Each sentence is
followed by some of its sub-phrases, as in Kaggle's parse-tree phrases; words carry the
sentiment so a bag of words beats the majority class. One phrase is ``null``, which pandas
reads as missing (as MLE-bench's preparation does).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, zip_single

WORDS = {
    0: "dreadful unwatchable tedious awful".split(),
    1: "dull clumsy flat forgettable".split(),
    2: "film movie story the a of it".split(),
    3: "charming solid witty enjoyable".split(),
    4: "masterful brilliant superb dazzling".split(),
}


def _phrases(gen: np.random.Generator, n_sentences: int, first_phrase: int, first_sentence: int):
    rows: list[tuple[int, str, int]] = []
    for sentence in range(first_sentence, first_sentence + n_sentences):
        mood = int(gen.integers(0, 5))
        words = [
            str(gen.choice(WORDS[mood] if gen.random() < 0.5 else WORDS[2]))
            for _ in range(int(gen.integers(4, 9)))
        ]
        rows.append((sentence, " ".join(words), mood))
        for _ in range(int(gen.integers(1, 4))):
            start = int(gen.integers(0, len(words)))
            part = words[start : start + int(gen.integers(1, 3))]
            label = mood if any(w in WORDS[mood] for w in part) else 2
            rows.append((sentence, " ".join(part), label))
    frame = pd.DataFrame(rows, columns=["SentenceId", "Phrase", "Sentiment"])
    frame.insert(0, "PhraseId", np.arange(first_phrase, first_phrase + len(frame)))
    return frame


def generate(out_dir: Path, seed: int = 0, n_sentences: int = 250, n_test_sentences: int = 60):
    gen = rng(seed, "movie-review-sentiment-analysis-kernels-only")
    train = _phrases(gen, n_sentences, 1, 1)
    train.loc[len(train) // 2, ["Phrase", "Sentiment"]] = ["null", 2]
    test = _phrases(gen, n_test_sentences, len(train) + 1, n_sentences + 1)
    test = test.drop(columns=["Sentiment"])
    train.to_csv(out_dir / "train.tsv", sep="\t", index=False)
    test.to_csv(out_dir / "test.tsv", sep="\t", index=False)
    zip_single(out_dir / "train.tsv")
    zip_single(out_dir / "test.tsv")
    write_csv(
        pd.DataFrame({"PhraseId": test["PhraseId"], "Sentiment": 2}),
        out_dir / "sampleSubmission.csv",
    )
