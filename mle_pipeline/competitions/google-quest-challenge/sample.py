"""Synthetic google-quest-challenge download: train.csv, test.csv, sample_submission.csv.

Kaggle's train.csv has qa_id, the question (title, body, user name and page), the answer
(text, user name and page), url, category, host and 30 ratings in [0, 1] (averages of a
few raters: 0, 1/3, 0.5, 2/3, 1, ... written to 15 digits); test.csv has the first 11
columns. Here each pair has a kind (instructions, explanation, definition, opinion) that
its words show and its ratings follow. question_type_spelling is almost always 0, as on
Kaggle: its few non-zero rows sit where MLE-bench's split puts them in train, so
preparation swaps one into the test set as MLE-bench does.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.sources.synthetic import rng, write_csv

from .targets import TARGETS

KINDS = {
    "instructions": "how do i install configure step setup command",
    "reason_explanation": "why does this happen cause reason explain",
    "definition": "what is the meaning definition term called",
    "opinion": "which is better prefer recommend opinion think",
}
FILLER = "the a my this it with for on in when using".split()
HOSTS = {
    "TECHNOLOGY": ["superuser.com", "serverfault.com", "electronics.stackexchange.com"],
    "STACKOVERFLOW": ["stackoverflow.com"],
    "CULTURE": ["english.stackexchange.com", "rpg.stackexchange.com"],
    "SCIENCE": ["physics.stackexchange.com", "math.stackexchange.com"],
    "LIFE_ARTS": ["photo.stackexchange.com", "cooking.stackexchange.com"],
}
LEVELS = np.array([0, 1 / 3, 0.5, 2 / 3, 1])


def _text(gen: np.random.Generator, kind: str, n_words: int) -> str:
    words = KINDS[kind].split()
    return " ".join(
        str(gen.choice(words)) if gen.random() < 0.3 else str(gen.choice(FILLER))
        for _ in range(n_words)
    )


def _ratings(gen: np.random.Generator, kind: str, quality: float) -> list[float]:
    values = []
    for target in TARGETS:
        if target == "question_type_spelling":
            values.append(0.0)
            continue
        latent = quality if "type" not in target else 0.15 + 0.7 * target.endswith(kind)
        latent += gen.normal(0, 0.25)
        level = LEVELS[np.abs(LEVELS - np.clip(latent, 0, 1)).argmin()]
        values.append(float(np.round(level, 15)))
    return values


def _pairs(gen: np.random.Generator, n: int, first_id: int) -> pd.DataFrame:
    rows = []
    qa_ids = first_id + np.cumsum(gen.integers(1, 4, n))
    for qa_id in qa_ids:
        kind = str(gen.choice(list(KINDS)))
        category = str(gen.choice(list(HOSTS)))
        host = str(gen.choice(HOSTS[category]))
        question_user, answer_user = gen.integers(1, 200_000, 2)
        quality = float(gen.random())
        body = _text(gen, kind, int(gen.integers(15, 40)))
        if quality > 0.5:
            body += "\n\nI have tried the following:\n\n    code sample here"
        rows.append(
            {
                "qa_id": int(qa_id),
                "question_title": _text(gen, kind, 6).capitalize() + "?",
                "question_body": body,
                "question_user_name": f"user{question_user}",
                "question_user_page": f"https://{host}/users/{question_user}",
                "answer": _text(gen, kind, int(gen.integers(10, 60))),
                "answer_user_name": f"user{answer_user}",
                "answer_user_page": f"https://{host}/users/{answer_user}",
                "url": f"http://{host}/questions/{qa_id * 7 + 11}",
                "category": category,
                "host": host,
                **dict(zip(TARGETS, _ratings(gen, kind, quality), strict=True)),
            }
        )
    return pd.DataFrame(rows)


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 20) -> None:
    gen = rng(seed, "google-quest-challenge")
    train = _pairs(gen, n_train, first_id=0)
    kept, _ = train_test_split(np.arange(n_train), test_size=0.1, random_state=0)
    train.loc[np.sort(kept[:3]), "question_type_spelling"] = [1 / 3, 0.5, 1 / 3]
    train["question_type_spelling"] = train["question_type_spelling"].round(15)
    test = _pairs(gen, n_test, first_id=int(train["qa_id"].max()) + 1).iloc[:, :11]
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    sample = pd.DataFrame({"qa_id": test["qa_id"]})
    for target in TARGETS:
        sample[target] = 0.00308
    write_csv(sample, out_dir / "sample_submission.csv")
