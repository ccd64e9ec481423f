"""Synthetic jigsaw-toxic-comment download: train, test, test_labels and sample_submission zips.

test_labels.csv marks rows Kaggle did not score with -1 in every label column, as the real
file does; every label has both classes among the scored rows.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, zip_single

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
RATES = [0.35, 0.12, 0.2, 0.1, 0.2, 0.1]
# Words that signal a label (a toxic comment uses some of its labels' words).
MARKERS = {
    "toxic": ["garbage", "shut", "hate"],
    "severe_toxic": ["scum", "die"],
    "obscene": ["fecking", "bloody", "crap"],
    "threat": ["hunt", "hurt", "threaten"],
    "insult": ["idiot", "moron", "clown"],
    "identity_hate": ["bigot", "foreigners"],
}
NEUTRAL = (
    "article edit page source citation thanks talk please wikipedia revert section image "
    "policy vandalism consensus reference template user"
).split()
DECOR = ['"', "\n\n", " :)", " ==Note==", ", ok?", " — ", " café"]


def _labels(gen: np.random.Generator, n: int) -> np.ndarray:
    labels = np.zeros((n, len(CLASSES)), dtype=np.int64)
    labels[:, 0] = gen.random(n) < RATES[0]
    for k in range(1, len(CLASSES)):
        labels[:, k] = labels[:, 0] & (gen.random(n) < RATES[k] / RATES[0])
    # The first rows show every label once, so each one has both classes wherever it is scored.
    for k in range(min(n, len(CLASSES))):
        labels[k] = 0
        labels[k, [0, k]] = 1
    return labels


def _comments(gen: np.random.Generator, labels: np.ndarray) -> list[str]:
    texts = []
    for row in labels:
        words = list(gen.choice(NEUTRAL, int(gen.integers(4, 14))))
        for k in np.flatnonzero(row):
            words.insert(int(gen.integers(0, len(words))), str(gen.choice(MARKERS[CLASSES[k]])))
        if gen.random() < 0.1:  # a little noise
            words.append(str(gen.choice(MARKERS["insult"])))
        text = " ".join(words).capitalize()
        if gen.random() < 0.4:
            text += str(gen.choice(DECOR)) + " ".join(gen.choice(NEUTRAL, 3))
        texts.append(text)
    return texts


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 300) -> None:
    gen = rng(seed, "jigsaw-toxic-comment-classification-challenge")
    ids = hex_ids(gen, n_train + n_test, 16)
    train_labels = _labels(gen, n_train)
    train = pd.DataFrame({"id": ids[:n_train], "comment_text": _comments(gen, train_labels)})
    train[CLASSES] = train_labels

    order = gen.permutation(n_test)  # Kaggle's test rows are not grouped by label
    test_labels = _labels(gen, n_test)[order]
    test = pd.DataFrame({"id": ids[n_train:], "comment_text": _comments(gen, test_labels)})
    labels = pd.DataFrame(test_labels, columns=CLASSES)
    # About 60 % of Kaggle's test rows were not scored; they are -1 in every column.
    unscored = gen.random(n_test) < 0.6
    unscored[np.argsort(order)[: len(CLASSES)]] = False
    labels[unscored] = -1
    labels.insert(0, "id", test["id"])
    sample = pd.DataFrame({"id": test["id"], **{c: 0.5 for c in CLASSES}})

    for name, frame in (
        ("train", train),
        ("test", test),
        ("test_labels", labels),
        ("sample_submission", sample),
    ):
        write_csv(frame, out_dir / f"{name}.csv")
        zip_single(out_dir / f"{name}.csv")
