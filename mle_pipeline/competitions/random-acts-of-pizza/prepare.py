"""random-acts-of-pizza: part of train.json becomes the test set (Kaggle's test share).

Two variants:

- ``mlebench`` (default): MLE-bench's preparation, file for file. The public test keeps the
  fields of Kaggle's test.json, including ``giver_username_if_known``, which names the giver
  only when a pizza was given: it leaks the label (MLE-bench issue #108).
- ``leak_free`` (opt-in): the same split, but ``giver_username_if_known`` is set to ``"N/A"``
  (the dataset's own "unknown") in every public record, train and test, so it carries no
  label information. Answers and the sample submission are unchanged.

Choose the variant with ``MLE_PIPELINE_PIZZA_LEAK_FREE=1`` (or ``0``) in the environment of
the process that prepares the data; without it, the config's ``options: leak_free`` decides.
Prepared data is reused while the raw data is unchanged (even with ``prepare --force``), so
the variant is part of the preparation's identity (``variant()``), so changing it prepares
again on the next run.
The manifest and every graded report record which variant was prepared
(``preparation_variant``: ``mlebench`` or ``leak_free``).
"""

import json
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import write_csv, zip_file
from mle_pipeline.prepare.variants import opt_in

LEAK_FREE_ENV = "MLE_PIPELINE_PIZZA_LEAK_FREE"
LEAKY_FIELD = "giver_username_if_known"
UNKNOWN_GIVER = "N/A"
TARGET = "requester_received_pizza"


def leak_free() -> bool:
    """Whether to prepare the leak-free variant (environment first, then the config)."""
    return opt_in("random-acts-of-pizza", LEAK_FREE_ENV, "leak_free")


def _load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    keys = set(records[0])
    if any(set(record) != keys for record in records):
        raise ValueError(f"{path}: records do not all have the same fields")
    return records


def _dump(records: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(records, handle, indent=4)
    zip_file(path, path.with_suffix(".zip"))


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    return "leak_free" if leak_free() else "mlebench"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train, old_test = _load(raw / "train.json"), _load(raw / "test.json")
    test_fields = list(old_test[0])
    test_share = len(old_test) / (len(old_train) + len(old_test))
    train, test = train_test_split(old_train, test_size=test_share, random_state=0)
    public_test = [{key: record[key] for key in test_fields} for record in test]

    if variant() == "leak_free":
        train = [{**record, LEAKY_FIELD: UNKNOWN_GIVER} for record in train]
        public_test = [
            {**record, LEAKY_FIELD: UNKNOWN_GIVER} if LEAKY_FIELD in record else record
            for record in public_test
        ]

    _dump(train, public / "train.json")
    _dump(public_test, public / "test.json")

    answers = pd.DataFrame(
        {
            "request_id": [record["request_id"] for record in test],
            TARGET: [int(record[TARGET]) for record in test],
        }
    )
    sample = answers.copy()
    sample[TARGET] = 0
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sampleSubmission.csv")
