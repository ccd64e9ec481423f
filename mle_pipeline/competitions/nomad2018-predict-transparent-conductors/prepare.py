"""nomad2018: 10 % of train.csv becomes the test set; ids renumbered 1..n; geometries follow."""

import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import read_csv, scratch_dir, split_rows, write_csv
from mle_pipeline.sources.archive import extract

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]


def _renumber(frame: pd.DataFrame) -> dict[int, int]:
    """Map old ids to 1..n in the frame's (shuffled) row order, and apply it."""
    mapping = {old: new for new, old in enumerate(frame["id"], start=1)}
    frame["id"] = frame["id"].map(mapping)
    return mapping


def _copy_geometries(geometries: list[Path], mapping: dict[int, int], dest: Path) -> None:
    for src in geometries:
        old_id = int(src.parent.name)
        if old_id in mapping:
            target = dest / str(mapping[old_id]) / "geometry.xyz"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)
    copied = len(list(dest.glob("*/geometry.xyz")))
    if copied != len(mapping):
        raise ValueError(f"expected {len(mapping)} geometry files in {dest}, found {copied}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as scratch:
        work = Path(scratch)
        extract(raw / "train.csv.zip", work / "train_csv")
        extract(raw / "train.zip", work / "train")
        train, test = split_rows(
            read_csv(work / "train_csv" / "train.csv"), test_size=0.1, random_state=0
        )
        train_ids, test_ids = _renumber(train), _renumber(test)

        write_csv(train, public / "train.csv")
        write_csv(test, private / "test.csv")
        write_csv(test.drop(columns=TARGETS), public / "test.csv")

        geometries = sorted((work / "train" / "train").glob("**/*.xyz"))
        _copy_geometries(geometries, train_ids, public / "train")
        _copy_geometries(geometries, test_ids, public / "test")

    sample = pd.DataFrame(
        {"id": test["id"], "formation_energy_ev_natom": 0.1779, "bandgap_energy_ev": 1.8892}
    )
    write_csv(sample, public / "sample_submission.csv")
