"""Synthetic billion-word-imputation download: train_v2.txt.zip and test_v2.txt.zip.

train_v2.txt has one tokenized English sentence per line (punctuation as separate words,
some quotes, a few two-word lines that can never be test sentences); test_v2.txt is a CSV
("id","sentence", every sentence quoted) of other sentences that lost one word. Sentences
follow a few templates, so the missing word and its place can be learned.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.sources.synthetic import rng, zip_single

SUBJECTS = ["The company", "The government", "Officials", "The team", "Analysts"]
VERBS = ["said", "reported", "announced", "expected"]
OBJECTS = ["a rise in profits", "new rules", "the deal", "higher prices", 'a " record " year']
ENDINGS = [".", "on Monday .", ", according to sources .", "last year ."]


def _sentence(gen: np.random.Generator) -> str:
    if gen.random() < 0.02:
        return str(gen.choice(["Thank you", "Hello there"]))
    parts = [gen.choice(SUBJECTS), gen.choice(VERBS), gen.choice(OBJECTS), gen.choice(ENDINGS)]
    return " ".join(str(p) for p in parts)


def generate(out_dir: Path, seed: int = 0, n_train: int = 3_000, n_test: int = 20) -> None:
    gen = rng(seed, "billion-word-imputation")
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "train_v2.txt", "w", encoding="utf-8") as handle:
        for _ in range(n_train):
            handle.write(_sentence(gen) + "\n")
    with open(out_dir / "test_v2.txt", "w", encoding="utf-8") as handle:
        handle.write('"id","sentence"\n')
        for i in range(n_test):
            words = _sentence(gen).replace('"', '""').split()
            if len(words) > 2:
                del words[int(gen.integers(1, len(words) - 1))]
            handle.write(f'{i},"{" ".join(words)}"\n')
    zip_single(out_dir / "train_v2.txt")
    zip_single(out_dir / "test_v2.txt")
