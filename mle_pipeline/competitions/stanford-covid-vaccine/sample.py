"""Synthetic stanford-covid-vaccine download: train.json and test.json (JSON lines, Kaggle's
fields), sample_submission.csv and ``bpps/<id>.npy`` base-pair probability matrices.

Train sequences have 107 bases with the first 68 measured, as on Kaggle; test sequences
107/68 or 130/91. Each base's reactivity and degradation rates depend on its loop type and
base, plus noise, so a model on those features learns them. ``n_train`` scales the sample.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
ERRORS = ["reactivity_error", *(t.replace("deg_", "deg_error_") for t in TARGETS[1:])]
LOOPS = "SMIBHEX"
LOOP_EFFECT = dict(zip(LOOPS, [0.1, 0.6, 0.5, 0.7, 0.9, 0.8, 0.6], strict=True))
BASE_EFFECT = {"A": 0.3, "C": -0.1, "G": 0.1, "U": 0.0}


def _structure(gen: np.random.Generator, length: int) -> tuple[str, str]:
    """A dot-bracket structure of nested stems and the matching loop-type string."""
    structure, loops = ["."] * length, ["E"] * length
    start = int(gen.integers(0, 6))
    while start + 12 < length - 4:
        stem, loop = int(gen.integers(3, 7)), int(gen.integers(3, 6))
        end = start + 2 * stem + loop
        if end >= length - 4:
            break
        for k in range(stem):
            structure[start + k], structure[end - 1 - k] = "(", ")"
            loops[start + k] = loops[end - 1 - k] = "S"
        for k in range(start + stem, end - stem):
            loops[k] = "H"
        for k in range(end, min(end + int(gen.integers(1, 4)), length)):
            loops[k] = "M" if gen.random() < 0.5 else "X"
        start = end + 3
    return "".join(structure), "".join(loops)


def _molecule(gen: np.random.Generator, mol_id: str, length: int) -> dict:
    sequence = "".join(gen.choice(list("ACGU"), length))
    structure, loops = _structure(gen, length)
    return {
        "id": mol_id,
        "sequence": sequence,
        "structure": structure,
        "predicted_loop_type": loops,
    }


def _measurements(gen: np.random.Generator, molecule: dict, scored: int) -> dict:
    """Kaggle's train fields after the structure: signal to noise, SN_filter, lengths,
    measurement errors and the five targets (for the first ``scored`` bases)."""
    loops, bases = molecule["predicted_loop_type"][:scored], molecule["sequence"][:scored]
    signal = np.array([LOOP_EFFECT[k] + BASE_EFFECT[b] for k, b in zip(loops, bases, strict=True)])
    noise = float(gen.uniform(0.05, 0.4))
    signal_to_noise = round(float(gen.uniform(0.0, 12.0)), 3)
    errors = {name: np.round(gen.uniform(0.02, 0.3, scored), 4).tolist() for name in ERRORS}
    values = {
        target: np.round(signal * scale + gen.normal(0, noise, scored), 4).tolist()
        for target, scale in zip(TARGETS, [1.0, 1.2, 1.1, 1.3, 0.9], strict=True)
    }
    return {
        "signal_to_noise": signal_to_noise,
        "SN_filter": int(signal_to_noise > 1.0),
        "seq_length": len(molecule["sequence"]),
        "seq_scored": scored,
        **errors,
        **values,
    }


def _bpps(gen: np.random.Generator, structure: str) -> np.ndarray:
    """Pair probabilities: high for the structure's pairs, zero elsewhere."""
    n = len(structure)
    matrix = np.zeros((n, n))
    stack = []
    for i, symbol in enumerate(structure):
        if symbol == "(":
            stack.append(i)
        elif symbol == ")":
            j = stack.pop()
            matrix[i, j] = matrix[j, i] = round(float(gen.uniform(0.6, 1.0)), 6)
    return matrix


def generate(out_dir: Path, seed: int = 0, n_train: int = 60, n_test: int = 12) -> None:
    gen = rng(seed, "stanford-covid-vaccine")
    ids = [f"id_{h}" for h in hex_ids(gen, n_train + n_test, 9)]
    train, test = [], []
    for index, mol_id in enumerate(ids[:n_train]):
        molecule = _molecule(gen, mol_id, 107)
        train.append({"index": index, **molecule, **_measurements(gen, molecule, 68)})
    for index, mol_id in enumerate(ids[n_train:]):
        length, scored = (107, 68) if gen.random() < 0.3 else (130, 91)
        molecule = _molecule(gen, mol_id, length)
        test.append({"index": index, **molecule, "seq_length": length, "seq_scored": scored})
    out_dir.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(train).to_json(out_dir / "train.json", orient="records", lines=True)
    pd.DataFrame(test).to_json(out_dir / "test.json", orient="records", lines=True)
    for molecule in train + test:
        path = out_dir / "bpps" / f"{molecule['id']}.npy"
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, _bpps(gen, molecule["structure"]))
    rows = [f"{m['id']}_{j}" for m in test for j in range(m["seq_length"])]
    sample = pd.DataFrame({"id_seqpos": rows} | {t: 0.0 for t in TARGETS})
    write_csv(sample, out_dir / "sample_submission.csv")
