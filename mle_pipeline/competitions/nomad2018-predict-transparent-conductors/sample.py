"""Synthetic nomad2018 download: zipped train/test CSVs and per-id geometry.xyz folders."""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, zip_single, zip_tree

FEATURES = [
    "spacegroup",
    "number_of_total_atoms",
    "percent_atom_al",
    "percent_atom_ga",
    "percent_atom_in",
    "lattice_vector_1_ang",
    "lattice_vector_2_ang",
    "lattice_vector_3_ang",
    "lattice_angle_alpha_degree",
    "lattice_angle_beta_degree",
    "lattice_angle_gamma_degree",
]


def _materials(gen: np.random.Generator, n: int) -> pd.DataFrame:
    al = np.round(gen.uniform(0, 1, n), 4)
    ga = np.round(gen.uniform(0, 1 - al), 4)
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "spacegroup": gen.choice([12, 33, 167, 194, 206, 227], n),
            "number_of_total_atoms": gen.choice([10.0, 20.0, 30.0, 40.0, 60.0, 80.0], n),
            "percent_atom_al": al,
            "percent_atom_ga": ga,
            "percent_atom_in": np.round(1 - al - ga, 4),
            "lattice_vector_1_ang": np.round(gen.uniform(3, 25, n), 4),
            "lattice_vector_2_ang": np.round(gen.uniform(3, 10, n), 4),
            "lattice_vector_3_ang": np.round(gen.uniform(5, 25, n), 4),
            "lattice_angle_alpha_degree": np.round(gen.uniform(89, 91, n), 4),
            "lattice_angle_beta_degree": np.round(gen.uniform(89, 106, n), 4),
            "lattice_angle_gamma_degree": np.round(gen.uniform(29, 120, n), 4),
        }
    )


def _geometry(gen: np.random.Generator, atoms: int) -> str:
    lines = ["#=======================================================", "# synthetic sample"]
    lines += [f"lattice_vector {a:.8f} {b:.8f} {c:.8f} " for a, b, c in gen.uniform(0, 10, (3, 3))]
    for x, y, z in gen.uniform(0, 10, (atoms, 3)):
        lines.append(f"atom {x:.8f} {y:.8f} {z:.8f} {gen.choice(['Al', 'Ga', 'In', 'O'])}")
    return "\n".join(lines) + "\n"


def _write_geometries(gen: np.random.Generator, frame: pd.DataFrame, folder: Path) -> None:
    for material_id, atoms in zip(frame["id"], frame["number_of_total_atoms"], strict=True):
        path = folder / str(material_id) / "geometry.xyz"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_geometry(gen, min(int(atoms), 12)))


def generate(out_dir: Path, seed: int = 0, n_train: int = 300, n_test: int = 60) -> None:
    gen = rng(seed, "nomad2018-predict-transparent-conductors")
    train = _materials(gen, n_train)
    train["formation_energy_ev_natom"] = np.round(
        np.clip(0.05 + 0.25 * train["percent_atom_al"] + gen.normal(0, 0.02, n_train), 0, None), 4
    )
    train["bandgap_energy_ev"] = np.round(
        np.clip(
            1.0
            + 3.5 * train["percent_atom_al"]
            - train["percent_atom_in"]
            + gen.normal(0, 0.1, n_train),
            0.01,
            None,
        ),
        4,
    )
    test = _materials(gen, n_test)

    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(
        pd.DataFrame(
            {"id": test["id"], "formation_energy_ev_natom": 0.1779, "bandgap_energy_ev": 1.8892}
        ),
        out_dir / "sample_submission.csv",
    )
    for name in ("train.csv", "test.csv", "sample_submission.csv"):
        zip_single(out_dir / name)
    _write_geometries(gen, train, out_dir / "train")
    _write_geometries(gen, test, out_dir / "test")
    zip_tree(out_dir / "train", out_dir / "train.zip")
    zip_tree(out_dir / "test", out_dir / "test.zip")
