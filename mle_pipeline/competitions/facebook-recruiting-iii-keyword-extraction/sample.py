"""Synthetic facebook-recruiting-iii-keyword-extraction download: Train.zip (Train.csv),
Test.zip (Test.csv), SampleSubmission.csv.

Train.csv has Id (1, 2, ...), Title, Body (HTML, often with commas, quotes and line breaks)
and Tags (space-separated, e.g. "c# asp.net"); every field is quoted, as in Kaggle's file.
Each question is about one or two topics whose words appear in its title and body, and its
tags are those topics' tags. A few titles are pandas NA spellings ("null", "NA").
"""

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, zip_single

TOPICS = {
    "python": ("python", "list comprehension, dict and pandas"),
    "javascript": ("javascript jquery", 'the DOM, "onclick" events and jQuery'),
    "c#": ("c# .net", "LINQ, generics and the CLR"),
    "php": ("php mysql", "PDO queries and $_POST"),
    "java": ("java android", "the JVM, activities and intents"),
    "css": ("css html", "flexbox, margins and selectors"),
}


def _questions(gen: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    names = list(TOPICS)
    titles, bodies, tags = [], [], []
    for _ in ids:
        chosen = list(gen.choice(names, int(gen.integers(1, 3)), replace=False))
        words = " and ".join(chosen)
        titles.append(
            str(gen.choice(["null", "NA"])) if gen.random() < 0.02 else f"How do I use {words}?"
        )
        detail = "\n".join(f"<p>About {TOPICS[t][1]}.</p>" for t in chosen)
        bodies.append(f"<p>I'm stuck with {words}, see below:</p>\r\n{detail}\n<pre>x = 1</pre>")
        tags.append(" ".join(dict.fromkeys(" ".join(TOPICS[t][0] for t in chosen).split())))
    return pd.DataFrame({"Id": ids, "Title": titles, "Body": bodies, "Tags": tags})


def _write_quoted(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 20) -> None:
    gen = rng(seed, "facebook-recruiting-iii-keyword-extraction")
    train = _questions(gen, np.arange(1, n_train + 1))
    test = _questions(gen, np.arange(n_train + 1, n_train + n_test + 1)).drop(columns=["Tags"])
    _write_quoted(train, out_dir / "Train.csv")
    zip_single(out_dir / "Train.csv", arcname="Train.csv")
    (out_dir / "Train.csv.zip").rename(out_dir / "Train.zip")
    _write_quoted(test, out_dir / "Test.csv")
    zip_single(out_dir / "Test.csv", arcname="Test.csv")
    (out_dir / "Test.csv.zip").rename(out_dir / "Test.zip")
    pd.DataFrame({"Id": test["Id"], "Tags": "javascript c# python php java"}).to_csv(
        out_dir / "SampleSubmission.csv", index=False
    )
