"""Synthetic AI4Code download: train/ and test/ notebook JSONs, train_orders.csv,
train_ancestors.csv, sample_submission.csv.

Each notebook is ``{"cell_type": {cell id: "code"|"markdown"}, "source": {cell id: text}}``
with code cells in their true order followed by the markdown cells shuffled, as Kaggle
ships them; ids are hex (notebooks 14 characters, cells 8, ancestors 8). Notebooks forked
from one another share an ancestor_id and name their parent. Each markdown cell announces
the step of the code cell right after it ("## Step 3: load"), which a simple model can learn.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

STEPS = "load clean explore plot split train tune evaluate predict save".split()


def _notebook(gen: np.random.Generator, cell_ids: list[str]) -> tuple[dict, list[str]]:
    """A notebook's JSON content and its true cell order."""
    n_code = int(gen.integers(2, 8))
    steps = sorted(gen.choice(len(STEPS), n_code, replace=False))
    code = cell_ids[:n_code]
    order: list[str] = []
    markdown: dict[str, str] = {}
    source: dict[str, str] = {}
    for i, (cell, step) in enumerate(zip(code, steps, strict=True)):
        name = STEPS[step]
        if gen.random() < 0.6:
            md = cell_ids[n_code + len(markdown)]
            markdown[md] = f"## Step {i + 1}: {name}"
            order.append(md)
        order.append(cell)
        source[cell] = f"# {name}\ndf = {name}(df)"
    shuffled = [str(cell) for cell in gen.permutation(list(markdown))] if markdown else []
    content = {
        "cell_type": {**{c: "code" for c in code}, **{m: "markdown" for m in shuffled}},
        "source": {**source, **{m: markdown[m] for m in shuffled}},
    }
    return content, order


def _write_json(content: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, separators=(",", ":")), encoding="utf-8")


def generate(out_dir: Path, seed: int = 0, n_train: int = 80, n_test: int = 4) -> None:
    gen = rng(seed, "AI4Code")
    notebooks = sorted(hex_ids(gen, n_train + n_test, 14))
    cells = iter(hex_ids(gen, 16 * (n_train + n_test), 8))
    orders = []
    for i, notebook in enumerate(notebooks):
        content, order = _notebook(gen, [next(cells) for _ in range(16)])
        folder = "train" if i < n_train else "test"
        _write_json(content, out_dir / folder / f"{notebook}.json")
        if folder == "train":
            orders.append({"id": notebook, "cell_order": " ".join(order)})
        else:
            orders.append({"id": notebook, "cell_order": " ".join(content["cell_type"])})
    train_ids = notebooks[:n_train]
    write_csv(pd.DataFrame(orders[:n_train]), out_dir / "train_orders.csv")
    write_csv(pd.DataFrame(orders[n_train:]), out_dir / "sample_submission.csv")

    # Forks: about a third of the notebooks copy an earlier one (same ancestor, a parent).
    ancestor_names = hex_ids(gen, n_train, 8)
    ancestor, parent = [], []
    for i in range(n_train):
        if i > 0 and gen.random() < 0.3:
            j = int(gen.integers(0, i))
            ancestor.append(ancestor[j])
            parent.append(train_ids[j])
        else:
            ancestor.append(ancestor_names[i])
            parent.append(None)
    write_csv(
        pd.DataFrame({"id": train_ids, "ancestor_id": ancestor, "parent_id": parent}),
        out_dir / "train_ancestors.csv",
    )
