"""Synthetic learning-agency-lab-automated-essay-scoring-2 download.

Kaggle ships train.csv (essay_id, full_text, score 1..6), a three-essay test.csv and its
sample_submission.csv. Better essays here are longer and use more of an advanced
vocabulary, so a bag of words learns the score.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

BASIC = (
    "i think that cars are good bad people should not use phone school students because it "
    "is the a and they we can do like very so many time"
).split()
ADVANCED = (
    "furthermore consequently nevertheless substantial evidence demonstrates autonomous "
    "vehicles significantly influence civic participation whereas critics argue "
    "perspective unprecedented analysis"
).split()


def _essay(gen: np.random.Generator, score: int) -> str:
    paragraphs = []
    for _ in range(int(gen.integers(1, 2 + score))):
        words = [
            gen.choice(ADVANCED) if gen.random() < 0.08 * score else gen.choice(BASIC)
            for _ in range(int(gen.integers(10, 12 + 10 * score)))
        ]
        paragraphs.append(" ".join(words).capitalize() + ".")
    text = "\n\n".join(paragraphs)
    if gen.random() < 0.2:  # quotes and commas, as real essays have
        text += ' As the author says, "it is what it is".'
    return text


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 3) -> None:
    gen = rng(seed, "learning-agency-lab-automated-essay-scoring-2")
    ids = hex_ids(gen, n_train + n_test, 7)
    scores = gen.choice(np.arange(1, 7), n_train, p=[0.07, 0.27, 0.36, 0.23, 0.06, 0.01])
    scores[:6] = np.arange(1, 7)  # every score occurs
    train = pd.DataFrame(
        {"essay_id": ids[:n_train], "full_text": [_essay(gen, int(s)) for s in scores]}
    )
    train["score"] = scores
    test_scores = gen.integers(1, 7, n_test)
    test = pd.DataFrame(
        {"essay_id": ids[n_train:], "full_text": [_essay(gen, int(s)) for s in test_scores]}
    )
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(
        pd.DataFrame({"essay_id": test["essay_id"], "score": 3}), out_dir / "sample_submission.csv"
    )
