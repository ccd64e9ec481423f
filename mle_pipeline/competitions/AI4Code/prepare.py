"""AI4Code: 20,000 notebooks of the training set become the test set, whole ancestry groups.

train_ancestors.csv is shuffled (pandas ``sample(frac=1, random_state=0)``); its ancestor
groups, in order of first appearance, go to the test set while they fit in the 20,000
(a greedy fill that must reach exactly 20,000), so no test notebook has a relative among the
training notebooks. Notebook JSON files are copied unchanged into public/train and
public/test; the orders of the test notebooks are the answers, and the sample submission
lists each test notebook's cells in its JSON's order.
"""

import json
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_named_files, read_csv, write_csv

TEST_NOTEBOOKS = 20_000
KAGGLE_NOTEBOOKS = 139_256  # notebooks in Kaggle's train_ancestors.csv


def test_size(n_notebooks: int) -> int:
    """20,000 for Kaggle's data; small sample data keeps MLE-bench's share instead."""
    if n_notebooks > 2 * TEST_NOTEBOOKS:
        return TEST_NOTEBOOKS
    return round(n_notebooks * TEST_NOTEBOOKS / KAGGLE_NOTEBOOKS)


def split_by_ancestor(ancestors: pd.DataFrame, size: int) -> tuple[list[str], list[str]]:
    """Greedy fill of the test set with whole ancestor groups, in order of first appearance."""
    train_ids: list[str] = []
    test_ids: list[str] = []
    for _, group in ancestors.groupby("ancestor_id", sort=False):
        ids = group["id"].tolist()
        if len(test_ids) + len(ids) <= size:
            test_ids.extend(ids)
        else:
            train_ids.extend(ids)
    if len(test_ids) != size:
        raise ValueError(
            f"train_ancestors.csv: whole ancestor groups fill only {len(test_ids)} of the "
            f"{size} test notebooks"
        )
    return train_ids, test_ids


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "train_ancestors.csv"
    ancestors = read_csv(path)
    for column in ("id", "ancestor_id"):
        if column not in ancestors.columns:
            raise ValueError(f"{path}: no {column!r} column (has {list(ancestors.columns)})")
    if ancestors["ancestor_id"].isna().any():
        raise ValueError(
            f"{path}: {int(ancestors['ancestor_id'].isna().sum())} missing ancestor_id"
        )
    ancestors = ancestors.sample(frac=1, random_state=0).reset_index(drop=True)
    train_ids, test_ids = split_by_ancestor(ancestors, test_size(len(ancestors)))

    copy_named_files(train_ids, raw / "train", public / "train", ".json")
    copy_named_files(test_ids, raw / "train", public / "test", ".json")

    orders = read_csv(raw / "train_orders.csv")
    test_orders = orders[orders["id"].isin(test_ids)]
    write_csv(orders[orders["id"].isin(train_ids)], public / "train_orders.csv")
    write_csv(test_orders, private / "test_orders.csv")
    write_csv(ancestors[~ancestors["id"].isin(test_ids)], public / "train_ancestors.csv")

    sample = []
    for notebook in test_orders["id"]:
        with open(public / "test" / f"{notebook}.json", encoding="utf-8") as handle:
            cells = json.load(handle)["cell_type"]
        sample.append({"id": notebook, "cell_order": " ".join(cells)})
    if len(sample) != len(test_ids):
        raise ValueError(
            f"{raw / 'train_orders.csv'}: has orders for {len(sample)} of the "
            f"{len(test_ids)} test notebooks"
        )
    write_csv(pd.DataFrame(sample, columns=["id", "cell_order"]), public / "sample_submission.csv")
