"""Synthetic spooky-author-identification download: train.zip, test.zip, sample_submission.zip."""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, zip_single

# Each author draws mostly from a vocabulary of its own, so a bag of words can learn them.
VOCABULARY = {
    "EAP": "raven chamber tell heart purloined letter abyss pendulum mask red death".split(),
    "HPL": "eldritch cyclopean unnamable cult tentacle ancient dread dunwich innsmouth".split(),
    "MWS": "creature frankenstein misery affection lake geneva monster wretch creator".split(),
}
COMMON = "the of and a in that it was with his her upon night dark".split()


def _sentences(gen: np.random.Generator, authors: np.ndarray) -> list[str]:
    texts = []
    for author in authors:
        words = [
            gen.choice(VOCABULARY[author]) if gen.random() < 0.35 else gen.choice(COMMON)
            for _ in range(int(gen.integers(6, 18)))
        ]
        texts.append(" ".join(words).capitalize() + ".")
    return texts


def generate(out_dir: Path, seed: int = 0, n_train: int = 450, n_test: int = 120) -> None:
    gen = rng(seed, "spooky-author-identification")
    ids = gen.choice(np.arange(10000, 99999), n_train + n_test, replace=False)
    authors = gen.choice(list(VOCABULARY), n_train, p=[0.4, 0.29, 0.31])
    train = pd.DataFrame(
        {
            "id": [f"id{i:05d}" for i in ids[:n_train]],
            "text": _sentences(gen, authors),
            "author": authors,
        }
    )
    test_authors = gen.choice(list(VOCABULARY), n_test)
    test = pd.DataFrame(
        {"id": [f"id{i:05d}" for i in ids[n_train:]], "text": _sentences(gen, test_authors)}
    )
    sample = pd.DataFrame({"id": test["id"], "EAP": 0.403494, "HPL": 0.287808, "MWS": 0.308698})
    for name, frame in (("train", train), ("test", test), ("sample_submission", sample)):
        write_csv(frame, out_dir / f"{name}.csv")
        zip_single(out_dir / f"{name}.csv", remove=True)
        (out_dir / f"{name}.csv.zip").rename(out_dir / f"{name}.zip")
