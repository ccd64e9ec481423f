"""cdiscount-image-classification-challenge: a tenth of Kaggle's training products become the
test set.

As in MLE-bench: the products of train.bson (in file order) are shuffle-split with
scikit-learn (``test_size=0.1``, ``random_state=0``); the answers and the sample submission
(category 1000010653 for all) list the test products by ``_id``. Public train.bson and
test.bson hold the products in their original order, re-encoded as pymongo does (``_id``
first; test.bson without ``category_id``), and train_example.bson the first 100 of train.bson.
Kaggle's own test.bson is not used; category_names.csv is copied.

Kaggle's train.bson is about 58 GB: it is streamed twice, one document at a time (ids and
categories, then the split), so memory holds two integers per product, not the pictures.
"""

import array
import contextlib
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.bson_stream import BsonError, elements, integer, iter_documents, reencoded
from mle_pipeline.prepare.tables import copy_file, write_csv

SAMPLE_CATEGORY = 1000010653
EXAMPLE_ROWS = 100


def _labels(path: Path) -> pd.DataFrame:
    """``_id`` and ``category_id`` of every document, in file order."""
    ids, categories = array.array("q"), array.array("q")
    for number, doc in enumerate(iter_documents(path)):
        try:
            fields = {name: (kind, value) for name, kind, value, _ in elements(doc)}
            ids.append(integer(doc, *fields["_id"]))
            categories.append(integer(doc, *fields["category_id"]))
        except (BsonError, KeyError, UnicodeDecodeError) as err:
            raise BsonError(f"{path}: document {number}: {err!r}") from None
    labels = pd.DataFrame(
        {"_id": np.frombuffer(ids, np.int64), "category_id": np.frombuffer(categories, np.int64)}
    )
    if not labels["_id"].is_unique:
        raise ValueError(f"{path}: _id values repeat; each product must appear once")
    return labels


def _write_split(path: Path, in_test: np.ndarray, public: Path) -> None:
    """One pass: every document to train.bson or test.bson, the first train ones also to
    train_example.bson."""
    with contextlib.ExitStack() as stack:
        train, test, example = (
            stack.enter_context(open(public / name, "wb"))
            for name in ("train.bson", "test.bson", "train_example.bson")
        )
        examples = 0
        for number, doc in enumerate(iter_documents(path)):
            try:
                if in_test[number]:
                    test.write(reencoded(doc, drop=("category_id",)))
                    continue
                copy = reencoded(doc)
            except (BsonError, UnicodeDecodeError) as err:
                raise BsonError(f"{path}: document {number}: {err!r}") from None
            train.write(copy)
            if examples < EXAMPLE_ROWS:
                example.write(copy)
                examples += 1


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "train.bson"
    labels = _labels(source)
    _, test_rows = train_test_split(np.arange(len(labels)), test_size=0.1, random_state=0)
    answers = labels.iloc[test_rows].sort_values(by="_id")
    in_test = np.zeros(len(labels), dtype=bool)
    in_test[test_rows] = True

    write_csv(answers, private / "answers.csv")
    write_csv(
        answers[["_id"]].assign(category_id=SAMPLE_CATEGORY), public / "sample_submission.csv"
    )
    _write_split(source, in_test, public)
    copy_file(raw / "category_names.csv", public / "category_names.csv")
