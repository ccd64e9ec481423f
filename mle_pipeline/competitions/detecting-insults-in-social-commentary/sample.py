"""Synthetic detecting-insults download: train.csv, test.csv, test_with_solutions.csv, samples."""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

RUDE = ["idiot", "moron", "stupid", "loser", "dumb", "pathetic", "clown"]
NEUTRAL = ["game", "team", "article", "point", "vote", "city", "music", "weather", "price"]
FRAMES = [
    '"you are a {w} and {n}"',
    '"the {n} was {w} honestly"',
    '"what a {n} this {n2} is"',
    '"agree about the {n}, {n2} too"',
    '"{w}\\xa0{w} comment about {n}"',
]


def _comments(gen: np.random.Generator, labels: np.ndarray, start: int) -> list[str]:
    out = []
    for k, label in enumerate(labels):
        frame = FRAMES[int(gen.integers(0, 2))] if label else FRAMES[int(gen.integers(2, 5))]
        text = frame.format(
            w=gen.choice(RUDE) if label else gen.choice(NEUTRAL),
            n=gen.choice(NEUTRAL),
            n2=gen.choice(NEUTRAL),
        )
        out.append(text[:-1] + f" #{start + k}" + '"')  # unique text: it is the join key
    return out


def _dates(gen: np.random.Generator, n: int) -> list[str | None]:
    return [
        None
        if gen.random() < 0.2
        else f"2012{gen.integers(1, 13):02d}{gen.integers(1, 29):02d}"
        f"{gen.integers(0, 24):02d}{gen.integers(0, 60):02d}{gen.integers(0, 60):02d}Z"
        for _ in range(n)
    ]


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 150) -> None:
    gen = rng(seed, "detecting-insults-in-social-commentary")
    y_train = (gen.random(n_train) < 0.27).astype(int)
    y_test = (gen.random(n_test) < 0.27).astype(int)
    train = pd.DataFrame(
        {"Insult": y_train, "Date": _dates(gen, n_train), "Comment": _comments(gen, y_train, 0)}
    )
    solutions = pd.DataFrame(
        {
            "Insult": y_test,
            "Date": _dates(gen, n_test),
            "Comment": _comments(gen, y_test, n_train),
            "Usage": np.where(gen.random(n_test) < 0.5, "PublicTest", "PrivateTest"),
        }
    )
    write_csv(train, out_dir / "train.csv")
    write_csv(solutions, out_dir / "test_with_solutions.csv")
    # Kaggle's current test.csv is the later verification stage: ids and different comments.
    verification = pd.DataFrame(
        {
            "id": np.arange(1, 51),
            "Date": _dates(gen, 50),
            "Comment": _comments(gen, y_test[:50], 10**6),
        }
    )
    write_csv(verification, out_dir / "test.csv")
    write_csv(
        verification.assign(Insult=0)[["id", "Insult", "Date", "Comment"]],
        out_dir / "sample_submission_null.csv",
    )
