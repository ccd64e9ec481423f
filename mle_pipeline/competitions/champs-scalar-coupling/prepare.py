"""champs-scalar-coupling: a tenth of the training molecules become the test set.

As MLE-bench: the molecules of ``train.csv`` (sorted by name) are split with
``train_test_split(test_size=0.1, random_state=0)`` and each part keeps its molecules'
rows in split order; the additional CSVs and ``structures/<molecule>.xyz`` are cut down to
the train molecules. Answers are ``private/answers.csv``; the sample submission predicts 0.

Two variants:

- ``mlebench`` (default): ``structures.csv`` and ``structures/`` hold only the train
  molecules, so the test molecules' geometry is missing (MLE-bench PR #70).
- ``test_structures`` (opt-in: ``MLE_PIPELINE_CHAMPS_TEST_STRUCTURES=1`` or
  ``options.test_structures``): ``structures.csv`` and ``structures/`` also hold the test
  molecules, as on Kaggle; the other additional CSVs (computed from the labels' physics)
  stay train-only.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import read_csv, write_csv
from mle_pipeline.prepare.variants import opt_in

TARGET = "scalar_coupling_constant"
TRAIN_ONLY = [
    "dipole_moments",
    "magnetic_shielding_tensors",
    "mulliken_charges",
    "potential_energy",
    "scalar_coupling_contributions",
]


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    wanted = opt_in(
        "champs-scalar-coupling", "MLE_PIPELINE_CHAMPS_TEST_STRUCTURES", "test_structures"
    )
    return "test_structures" if wanted else "mlebench"


def _in_split_order(frame: pd.DataFrame, molecules: list[str]) -> pd.DataFrame:
    """The rows of ``molecules``, molecule by molecule in that order, each keeping its order."""
    rank = pd.Series(range(len(molecules)), index=molecules)
    rows = frame[frame["molecule_name"].isin(rank.index)]
    order = rows["molecule_name"].map(rank).to_numpy()
    return rows.iloc[order.argsort(kind="stable")]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    molecules = sorted(old_train["molecule_name"].unique())
    train_molecules, test_molecules = train_test_split(molecules, test_size=0.1, random_state=0)
    train = _in_split_order(old_train, train_molecules)
    answers = _in_split_order(old_train, test_molecules)
    keep = set(train_molecules)
    with_structures = keep | set(test_molecules) if variant() == "test_structures" else keep

    structures = read_csv(raw / "structures.csv")
    structures = structures[structures["molecule_name"].isin(with_structures)]
    extra = {}
    for name in TRAIN_ONLY:
        table = read_csv(raw / f"{name}.csv")
        extra[name] = table[table["molecule_name"].isin(keep)]
        if set(extra[name]["molecule_name"]) != keep:
            raise ValueError(f"{raw / name}.csv: does not cover every train molecule")

    for molecule in pd.unique(structures["molecule_name"]):
        target = public / "structures" / f"{molecule}.xyz"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw / "structures" / f"{molecule}.xyz", target)

    write_csv(answers, private / "answers.csv")
    write_csv(train, public / "train.csv")
    write_csv(answers.drop(columns=[TARGET]), public / "test.csv")
    write_csv(answers[["id"]].assign(**{TARGET: 0}), public / "sample_submission.csv")
    write_csv(structures, public / "structures.csv")
    for name, table in extra.items():
        write_csv(table, public / f"{name}.csv")
