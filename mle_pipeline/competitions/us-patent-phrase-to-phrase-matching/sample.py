"""Synthetic us-patent-phrase-to-phrase-matching download: train, test, sample_submission CSVs.

Kaggle's train.csv has id (16 hex characters), anchor, target, context (a CPC class such
as A47) and score (0, 0.25, 0.5, 0.75 or 1); test.csv lacks the score. Here a target that
shares more words with its anchor scores higher, so a model can learn the score.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

WORDS = (
    "abatement absorbent acid adjustable air alloy aluminium amplifier antenna apparatus arm "
    "assembly axle battery beam bearing belt blade bolt brake cable carbon cell chamber "
    "circuit coating coil container conveyor cooling copper current cylinder device disc "
    "drive engine filter fluid frame gear glass heat housing hydraulic lamp layer lens lever "
    "liquid magnet motor nozzle optical panel pipe piston plate polymer pump resin rotor "
    "sensor shaft signal spring steel switch tank tube valve voltage wheel wire"
).split()
# Unrelated words: replacements in dissimilar targets come from here, so a model that sees
# only the target (and the context, which shifts the score) still learns something.
DISTANT = "banana poetry violin holiday sandwich novel garden festival melody kitten".split()
CONTEXTS = ["A47", "B60", "C01", "F16", "G06", "H01", "H04", "B65", "F02", "C08"]


def _pairs(gen: np.random.Generator, n: int) -> tuple[list, list, list, np.ndarray]:
    anchors, targets, contexts, scores = [], [], [], []
    for _ in range(n):
        anchor = list(gen.choice(WORDS, int(gen.integers(1, 4)), replace=False))
        context = int(gen.integers(len(CONTEXTS)))
        shift = context % 3 - 1
        level = int(np.clip(gen.choice(5, p=[0.2, 0.3, 0.3, 0.15, 0.05]) + shift, 0, 4))
        kept = anchor[: max(0, round(len(anchor) * level / 4))]
        pool = DISTANT if level <= 1 else WORDS
        fresh = [w for w in gen.choice(pool, 3, replace=False) if w not in anchor]
        target = kept + fresh[: max(1, 3 - len(kept))] if level < 4 else anchor
        anchors.append(" ".join(anchor))
        targets.append(" ".join(target))
        contexts.append(CONTEXTS[context])
        noisy = np.clip(level + (gen.random() < 0.15) * gen.choice([-1, 1]), 0, 4)
        scores.append(noisy / 4)
    return anchors, targets, contexts, np.array(scores)


def generate(out_dir: Path, seed: int = 0, n_train: int = 500, n_test: int = 36) -> None:
    gen = rng(seed, "us-patent-phrase-to-phrase-matching")
    ids = hex_ids(gen, n_train + n_test, 16)
    anchors, targets, contexts, scores = _pairs(gen, n_train + n_test)
    frame = pd.DataFrame({"id": ids, "anchor": anchors, "target": targets, "context": contexts})
    train = frame.iloc[:n_train].assign(score=scores[:n_train])
    test = frame.iloc[n_train:]
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "score": 0}), out_dir / "sample_submission.csv")
