"""Synthetic lmsys-chatbot-arena download: train.csv, test.csv, sample_submission.csv.

As on Kaggle, prompts and responses are JSON lists of strings (one per conversation turn,
a missing turn is null) and each train row has one 1 among winner_model_a/_b/_tie. Here
a response that refuses or rambles tends to lose, so the text predicts the winner.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

MODELS = [
    "gpt-4-1106-preview",
    "gpt-3.5-turbo-0613",
    "claude-2.1",
    "llama-2-70b-chat",
    "mixtral-8x7b-instruct-v0.1",
    "vicuna-13b",
    "gemini-pro",
]
PROMPTS = [
    "What is the capital of France?",
    "Write a haiku about autumn.",
    "Explain recursion to a child.",
    "How do I sort a list in Python?",
    'Translate "good morning" into Spanish.',
    "Give me three ideas for dinner, please.",
]
GOOD = "Certainly! Here is a clear answer with an example, step by step:".split()
BAD = "I'm sorry, but as an AI language model I cannot help with that request.".split()
FILLER = "the a of and to it is this you can with for then also".split()


def _response(gen: np.random.Generator, quality: float) -> str:
    turns = []
    for _ in range(int(gen.integers(1, 3))):
        if gen.random() < 0.02:
            turns.append(None)
            continue
        source = GOOD if gen.random() < quality else BAD
        words = [str(gen.choice(source if gen.random() < 0.6 else FILLER)) for _ in range(12)]
        turns.append(" ".join(words) + ("\n\n" + "- item" if gen.random() < 0.2 else ""))
    return json.dumps(turns)


def _battles(gen: np.random.Generator, n: int, first_id: int) -> pd.DataFrame:
    ids = first_id + np.cumsum(gen.integers(1, 90_000, n))
    quality_a, quality_b = gen.random(n), gen.random(n)
    gap = quality_a - quality_b
    tie = gen.random(n) < 0.3 * np.exp(-4 * np.abs(gap))
    a_wins = ~tie & (gen.random(n) < 1 / (1 + np.exp(-6 * gap)))
    models = [gen.choice(MODELS, 2, replace=False) for _ in range(n)]
    return pd.DataFrame(
        {
            "id": ids,
            "model_a": [m[0] for m in models],
            "model_b": [m[1] for m in models],
            "prompt": [json.dumps([str(gen.choice(PROMPTS))]) for _ in range(n)],
            "response_a": [_response(gen, q) for q in quality_a],
            "response_b": [_response(gen, q) for q in quality_b],
            "winner_model_a": a_wins.astype(int),
            "winner_model_b": (~tie & ~a_wins).astype(int),
            "winner_tie": tie.astype(int),
        }
    )


def generate(out_dir: Path, seed: int = 0, n_train: int = 500, n_test: int = 3) -> None:
    gen = rng(seed, "lmsys-chatbot-arena")
    train = _battles(gen, n_train, first_id=30_192)
    test = _battles(gen, n_test, first_id=int(train["id"].max()))[
        ["id", "prompt", "response_a", "response_b"]
    ]
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    sample = pd.DataFrame({"id": test["id"]})
    for label in ("winner_model_a", "winner_model_b", "winner_tie"):
        sample[label] = 1 / 3
    write_csv(sample, out_dir / "sample_submission.csv")
