"""Synthetic tweet-sentiment-extraction download: train.csv, test.csv, sample_submission.csv.

Kaggle's train.csv has textID (10 hex characters), text, selected_text (the words of the
text that carry its sentiment) and sentiment (positive, negative or neutral); texts often
start with a space, and one row has an empty text and selected_text. Here neutral tweets
select the whole text and the others select their sentiment words.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

WORDS = {
    "positive": "love great happy awesome thanks fun good best".split(),
    "negative": "hate sad bad awful sucks tired sick worst".split(),
}
NEUTRAL = "just going to the work today with my friends and then home at night lol".split()


def _tweets(gen: np.random.Generator, n: int) -> pd.DataFrame:
    texts, selected, sentiments = [], [], []
    for _ in range(n):
        sentiment = str(gen.choice(["neutral", "positive", "negative"], p=[0.4, 0.31, 0.29]))
        words = list(gen.choice(NEUTRAL, int(gen.integers(4, 12))))
        start = int(gen.integers(0, len(words)))
        if sentiment == "neutral":
            chosen = words
        else:
            chosen = list(gen.choice(WORDS[sentiment], int(gen.integers(1, 3))))
            words[start:start] = chosen
        text = " ".join(words)
        if gen.random() < 0.3:  # Kaggle's texts often start with a space
            text = " " + text
        if gen.random() < 0.1:
            text += " http://t.co/x"
        texts.append(text)
        selected.append(
            " ".join(chosen) + ("!" if sentiment != "neutral" and gen.random() < 0.2 else "")
        )
        sentiments.append(sentiment)
    return pd.DataFrame({"text": texts, "selected_text": selected, "sentiment": sentiments})


def generate(out_dir: Path, seed: int = 0, n_train: int = 500, n_test: int = 30) -> None:
    gen = rng(seed, "tweet-sentiment-extraction")
    ids = hex_ids(gen, n_train + n_test, 10)
    train = _tweets(gen, n_train)
    # Kaggle's one empty tweet, placed where MLE-bench's split keeps it in train (an empty
    # answer cannot be scored).
    kept, _ = train_test_split(np.arange(n_train), test_size=0.1, random_state=0)
    train.loc[int(kept[0]), ["text", "selected_text"]] = np.nan
    train.insert(0, "textID", ids[:n_train])
    test = _tweets(gen, n_test).drop(columns=["selected_text"])
    test.insert(0, "textID", ids[n_train:])
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(
        pd.DataFrame({"textID": test["textID"], "selected_text": ""}),
        out_dir / "sample_submission.csv",
    )
