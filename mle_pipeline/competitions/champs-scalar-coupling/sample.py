"""Synthetic champs-scalar-coupling download: train.csv, test.csv, sample_submission.csv,
structures.csv, structures/<molecule>.xyz and the five additional train-only CSVs, with
Kaggle's columns (molecules ``dsgdb9nsd_<6 digits>``, coupling types such as ``1JHC``).

Each molecule is a few atoms at random positions; a coupling constant depends on its type
and falls with the distance between the two atoms, so a model on type and distance learns it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

ATOMS = ["C", "H", "N", "O"]
TYPE_BASE = {"1JHC": 95.0, "2JHH": -10.0, "3JHH": 4.0, "1JHN": 48.0, "2JHC": -1.0, "3JHC": 3.0}
TENSOR = ["XX", "YX", "ZX", "XY", "YY", "ZY", "XZ", "YZ", "ZZ"]


def _molecule(gen: np.random.Generator, name: str) -> tuple[pd.DataFrame, list[dict]]:
    n = int(gen.integers(4, 9))
    atoms = ["C"] + list(gen.choice(ATOMS, n - 1))
    xyz = np.round(gen.normal(0, 1.2, (n, 3)), 6)
    structure = pd.DataFrame(
        {"molecule_name": name, "atom_index": range(n), "atom": atoms}
        | {axis: xyz[:, i] for i, axis in enumerate("xyz")}
    )
    pairs = []
    for a in range(n):
        for b in range(a + 1, n):
            if gen.random() < 0.6:
                kind = str(gen.choice(list(TYPE_BASE)))
                distance = float(np.linalg.norm(xyz[a] - xyz[b]))
                value = TYPE_BASE[kind] / (1 + distance) + gen.normal(0, 0.5)
                pairs.append(
                    {"molecule_name": name, "atom_index_0": a, "atom_index_1": b, "type": kind}
                    | {"scalar_coupling_constant": round(value, 5)}
                )
    return structure, pairs


def _xyz(structure: pd.DataFrame) -> str:
    lines = [str(len(structure)), ""]
    for row in structure.itertuples():
        lines.append(f"{row.atom} {row.x} {row.y} {row.z}")
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, seed: int = 0, n_train: int = 60, n_test: int = 10) -> None:
    gen = rng(seed, "champs-scalar-coupling")
    numbers = np.sort(gen.choice(np.arange(1, 133_886), n_train + n_test, replace=False))
    names = [f"dsgdb9nsd_{k:06d}" for k in gen.permutation(numbers)]
    structures, pairs, train_names = [], [], set(names[:n_train])
    for name in names:
        structure, molecule_pairs = _molecule(gen, name)
        structures.append(structure)
        pairs += molecule_pairs
        path = out_dir / "structures" / f"{name}.xyz"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_xyz(structure))
    structures = pd.concat(structures, ignore_index=True)
    couplings = pd.DataFrame(pairs)
    couplings.insert(0, "id", range(len(couplings)))
    train = couplings[couplings["molecule_name"].isin(train_names)]
    test = couplings[~couplings["molecule_name"].isin(train_names)].drop(
        columns=["scalar_coupling_constant"]
    )
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(test[["id"]].assign(scalar_coupling_constant=0), out_dir / "sample_submission.csv")
    write_csv(structures, out_dir / "structures.csv")

    in_train = structures[structures["molecule_name"].isin(train_names)]
    per_molecule = in_train.drop_duplicates("molecule_name")[["molecule_name"]]
    k = len(per_molecule)
    write_csv(
        per_molecule.assign(**{c: np.round(gen.normal(0, 2, k), 4) for c in "XYZ"}),
        out_dir / "dipole_moments.csv",
    )
    write_csv(
        per_molecule.assign(potential_energy=np.round(gen.normal(-400, 40, k), 5)),
        out_dir / "potential_energy.csv",
    )
    atoms = in_train[["molecule_name", "atom_index"]]
    m = len(atoms)
    write_csv(
        atoms.assign(**{c: np.round(gen.normal(0, 50, m), 4) for c in TENSOR}),
        out_dir / "magnetic_shielding_tensors.csv",
    )
    write_csv(
        atoms.assign(mulliken_charge=np.round(gen.normal(0, 0.3, m), 6)),
        out_dir / "mulliken_charges.csv",
    )
    contributions = train[["molecule_name", "atom_index_0", "atom_index_1", "type"]]
    c = len(contributions)
    parts = {p: np.round(gen.normal(0, 1, c), 5) for p in ("sd", "pso", "dso")}
    fc = np.round(train["scalar_coupling_constant"].to_numpy() - sum(parts.values()), 5)
    write_csv(contributions.assign(fc=fc, **parts), out_dir / "scalar_coupling_contributions.csv")
