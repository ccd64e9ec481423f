"""Synthetic jigsaw-unintended-bias-in-toxicity-classification download.

Kaggle ships train.csv (the label is ``target``), test.csv and sample_submission.csv (id,
prediction), test_public_expanded.csv and test_private_expanded.csv (the test comments with
their labels; the label is ``toxicity``), and the raters' individual annotations. Labels and
identities are shares of raters in [0, 1]; identities are missing (empty) for comments no
rater annotated for identity. Here toxic comments use insulting words and mention of an
identity shows as a word, and the first test rows give every identity subgroup toxic and
non-toxic comments (the bias AUCs need both classes).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

from .grade import IDENTITIES

ALL_IDENTITIES = [
    "male",
    "female",
    "transgender",
    "other_gender",
    "heterosexual",
    "homosexual_gay_or_lesbian",
    "bisexual",
    "other_sexual_orientation",
    "christian",
    "jewish",
    "muslim",
    "hindu",
    "buddhist",
    "atheist",
    "other_religion",
    "black",
    "white",
    "asian",
    "latino",
    "other_race_or_ethnicity",
    "physical_disability",
    "intellectual_or_learning_disability",
    "psychiatric_or_mental_illness",
    "other_disability",
]
SUBTYPES = ["severe_toxicity", "obscene", "identity_attack", "insult", "threat"]
METADATA = ["created_date", "publication_id", "parent_id", "article_id", "rating"]
REACTIONS = ["funny", "wow", "sad", "likes", "disagree"]
ANNOTATOR_COUNTS = ["identity_annotator_count", "toxicity_annotator_count"]
MENTIONS = {identity: identity.split("_")[0] for identity in ALL_IDENTITIES}
TOXIC = "stupid idiot pathetic liar moron disgusting".split()
NEUTRAL = "the article city council vote tax people think good point read news year".split()


def _share(
    gen: np.random.Generator, positive: np.ndarray, raters: np.ndarray, noise: float = 0.35
) -> np.ndarray:
    """Share of raters who said yes: most of them for positives, a few for the others."""
    rate = np.where(
        positive, gen.uniform(0.5, 1, positive.size), gen.uniform(0, noise, positive.size)
    )
    return np.round(gen.binomial(raters, rate) / raters, 6)


def _comments(gen: np.random.Generator, n: int, first_id: int, balanced: bool) -> pd.DataFrame:
    toxic = gen.random(n) < 0.3
    mentions = gen.random((n, len(ALL_IDENTITIES))) < 0.06
    if balanced:  # rows 0..35: each scored identity, toxic and not, twice
        for k, identity in enumerate(IDENTITIES):
            column = ALL_IDENTITIES.index(identity)
            for j in range(4):
                mentions[4 * k + j] = False
                mentions[4 * k + j, column] = True
                toxic[4 * k + j] = j % 2 == 0
    texts = []
    for row in range(n):
        words = list(gen.choice(NEUTRAL, int(gen.integers(5, 15))))
        if toxic[row] and gen.random() < 0.85 or not toxic[row] and gen.random() < 0.05:
            words.insert(int(gen.integers(len(words))), str(gen.choice(TOXIC)))
        for column in np.flatnonzero(mentions[row]):
            words.insert(int(gen.integers(len(words))), MENTIONS[ALL_IDENTITIES[column]])
        texts.append(" ".join(words).capitalize() + ("!" if toxic[row] else "."))
    raters = gen.choice([4, 6, 10], n)
    frame = pd.DataFrame({"id": first_id + np.arange(n) * 3 + gen.integers(0, 3, n)})
    frame["comment_text"] = texts
    frame["toxicity"] = _share(gen, toxic, raters)
    for subtype in SUBTYPES:
        frame[subtype] = _share(gen, toxic & (gen.random(n) < 0.3), raters)
    frame["sexual_explicit"] = _share(gen, np.zeros(n, bool), raters)
    annotated = gen.random(n) < 0.3
    if balanced:
        annotated[: 4 * len(IDENTITIES)] = True
    for column, identity in enumerate(ALL_IDENTITIES):
        values = _share(gen, mentions[:, column], np.full(n, 4), noise=0.05)
        frame[identity] = np.where(annotated, values, np.nan)
    days = gen.integers(0, 600, n)
    frame["created_date"] = [
        f"{pd.Timestamp('2015-09-29') + pd.Timedelta(days=int(d), seconds=int(s))}.{int(u):06d}+00"
        for d, s, u in zip(days, gen.integers(0, 86_400, n), gen.integers(0, 10**6, n), strict=True)
    ]
    frame["publication_id"] = gen.choice([2, 6, 13, 21, 54], n)
    frame["parent_id"] = np.where(gen.random(n) < 0.4, gen.integers(10**5, 10**6, n), np.nan)
    frame["article_id"] = gen.integers(2_000, 400_000, n)
    frame["rating"] = np.where(toxic & (gen.random(n) < 0.3), "rejected", "approved")
    for reaction in REACTIONS:
        frame[reaction] = gen.poisson(0.5, n)
    frame["identity_annotator_count"] = np.where(annotated, 4, 0)
    frame["toxicity_annotator_count"] = raters
    return frame


def _annotations(gen: np.random.Generator, ids: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    worker = gen.integers(0, 4_000, len(ids))
    toxicity = pd.DataFrame({"id": ids, "worker": worker})
    for label in [
        "toxic",
        "severe_toxic",
        "identity_attack",
        "insult",
        "obscene",
        "sexual_explicit",
        "threat",
    ]:
        toxicity[label] = gen.choice([0.0, 0.0, 0.0, -1.0, 1.0], len(ids))
    identity = pd.DataFrame({"id": ids, "worker": worker})
    for group in ["disability", "gender", "race_or_ethnicity", "religion", "sexual_orientation"]:
        identity[group] = gen.choice(["none", "none", "other"], len(ids))
    return toxicity, identity


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 600, n_test: int = 300, n_public_test: int = 60
) -> None:
    gen = rng(seed, "jigsaw-unintended-bias-in-toxicity-classification")
    train = _comments(gen, n_train, first_id=59_848, balanced=False)
    train = train.rename(columns={"toxicity": "target"})
    train_order = ["id", "target", "comment_text", *SUBTYPES, *sorted(ALL_IDENTITIES)]
    train_order += [*METADATA, *REACTIONS, "sexual_explicit", *ANNOTATOR_COUNTS]
    write_csv(train[train_order], out_dir / "train.csv")

    expanded_order = ["id", "comment_text", *METADATA, *REACTIONS, "toxicity"]
    expanded_order += ["severe_toxicity", "obscene", "sexual_explicit", "identity_attack"]
    expanded_order += ["insult", "threat", *ALL_IDENTITIES, *ANNOTATOR_COUNTS]
    private = _comments(gen, n_test, first_id=7_000_000, balanced=True)
    public = _comments(gen, n_public_test, int(private["id"].max()) + 1, balanced=False)
    write_csv(private[expanded_order], out_dir / "test_private_expanded.csv")
    write_csv(public[expanded_order], out_dir / "test_public_expanded.csv")
    write_csv(private[["id", "comment_text"]], out_dir / "test.csv")
    write_csv(private[["id"]].assign(prediction=0.0), out_dir / "sample_submission.csv")

    toxicity, identity = _annotations(gen, pd.concat([train["id"], public["id"]]))
    write_csv(toxicity, out_dir / "toxicity_individual_annotations.csv")
    write_csv(identity, out_dir / "identity_individual_annotations.csv")
