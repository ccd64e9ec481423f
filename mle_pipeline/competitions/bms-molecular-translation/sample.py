"""Synthetic bms-molecular-translation download: train_labels.csv (image_id, InChI),
extra_approved_InChIs.csv, sample_submission.csv and grey PNG drawings nested by the first
three characters of their id, ``train/a/b/c/<id>.png`` and ``test/a/b/c/<id>.png``.

Ids are 12 hex characters, as Kaggle's. Each molecule's InChI follows the layers of a
real one (formula, connections, hydrogens); its drawing has one stroke per heavy atom, so
a model that counts strokes learns the formula. ``n_train`` scales the sample.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

WATER = "InChI=1S/H2O/h1H2"


def _count(symbol: str, n: int) -> str:
    return "" if n == 0 else symbol if n == 1 else f"{symbol}{n}"


def _molecule(gen: np.random.Generator) -> tuple[str, int]:
    """An InChI-like string and its number of heavy atoms."""
    carbons, nitrogens, oxygens = (
        int(gen.integers(lo, hi)) for lo, hi in ((2, 24), (0, 4), (0, 5))
    )
    heavy = carbons + nitrogens + oxygens
    hydrogens = max(2 * carbons + 2 + nitrogens - 2 * int(gen.integers(0, 4)), 0)
    formula = f"C{carbons}{_count('H', hydrogens)}{_count('N', nitrogens)}{_count('O', oxygens)}"
    chain = "-".join(str(k) for k in gen.permutation(np.arange(1, heavy + 1)))
    hydrogen_layer = f"1-{min(3, heavy)}H3" if heavy > 1 else "1H4"
    return f"InChI=1S/{formula}/c{chain}/h{hydrogen_layer}", heavy


def _drawing(gen: np.random.Generator, strokes: int) -> np.ndarray:
    """White page with ``strokes`` short dark line segments."""
    height, width = int(gen.integers(80, 160)), int(gen.integers(120, 260))
    page = np.full((height, width), 255, dtype=np.uint8)
    for _ in range(strokes):
        y0, x0 = gen.integers(5, height - 15), gen.integers(5, width - 15)
        angle = gen.uniform(0, np.pi)
        t = np.linspace(0, 10, 20)
        ys = np.clip((y0 + t * np.sin(angle)).astype(int), 0, height - 1)
        xs = np.clip((x0 + t * np.cos(angle)).astype(int), 0, width - 1)
        page[ys, xs] = 0
    return page


def generate(
    out_dir: Path, seed: int = 0, n_train: int = 100, n_test: int = 20, n_extra: int = 30
) -> None:
    gen = rng(seed, "bms-molecular-translation")
    ids = hex_ids(gen, n_train + n_test, 12)
    labels = []
    for position, image_id in enumerate(ids):
        inchi, heavy = _molecule(gen)
        folder = "train" if position < n_train else "test"
        path = out_dir / folder / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png"
        write_image(_drawing(gen, heavy), path)
        labels.append(inchi)
    write_csv(
        pd.DataFrame({"image_id": ids[:n_train], "InChI": labels[:n_train]}),
        out_dir / "train_labels.csv",
    )
    extra = [_molecule(gen)[0] for _ in range(n_extra)]
    write_csv(pd.DataFrame({"InChI": extra}), out_dir / "extra_approved_InChIs.csv")
    sample = pd.DataFrame({"image_id": ids[n_train:], "InChI": WATER})
    write_csv(sample, out_dir / "sample_submission.csv")
