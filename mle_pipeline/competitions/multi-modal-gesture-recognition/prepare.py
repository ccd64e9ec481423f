"""multi-modal-gesture-recognition: Kaggle's fourth training archive becomes the test set.

As in MLE-bench: the test ids are the last four characters of the name of each ``*.zip``
at the root of ``training4.tar.gz`` (``Sample00300.zip`` -> ``0300``), sorted. Their rows of
training.csv (ids read as text, so ``0300`` keeps its zeros) are the answers and leave the
public training.csv; public test.csv lists the ids; randomPredictions.csv gives each test id
a random order of the gestures 1-20 (Python's ``random.seed(0)``, then one
``random.sample(range(1, 21), 20)`` per id). ``training4.tar.gz`` is copied as
``test.tar.gz``; the other archives as they are. Kaggle's test.csv and randomPredictions.csv
(the validation samples) are not used.

The archives (tens of GB) are hard-linked or copied, never extracted: the test ids come
from one streamed pass over the tar's member names (MLE-bench extracts it into raw/).

Two variants: ``mlebench`` (default), and ``leak_free`` (opt-in:
``MLE_PIPELINE_GESTURE_LEAK_FREE=1`` or the config's ``options.leak_free``), where
test.tar.gz's samples have no labels in their ``_data.mat`` (see ``labels.py``).
"""

from __future__ import annotations

import random
import tarfile
from pathlib import Path, PurePosixPath

import pandas as pd

from mle_pipeline.prepare.files import link_or_copy
from mle_pipeline.prepare.tables import read_csv, write_csv
from mle_pipeline.prepare.variants import opt_in

from .labels import write_test_archive

COLUMNS = ["Id", "Sequence"]
LEAK_FREE_ENV = "MLE_PIPELINE_GESTURE_LEAK_FREE"
COPIED = [
    "training1.tar.gz",
    "training2.tar.gz",
    "training3.tar.gz",
    "validation1.tar.gz",
    "validation2.tar.gz",
    "validation3.tar.gz",
    "devel01-40.7z",
    "valid_all_files_combined.7z",
    "sample_code_mmrgc.zip",
]


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    leak_free = opt_in("multi-modal-gesture-recognition", LEAK_FREE_ENV, "leak_free")
    return "leak_free" if leak_free else "mlebench"


def test_ids(archive: Path) -> list[str]:
    """Sorted ids of the ``*.zip`` entries at the archive's root (what extracting it and
    listing ``*.zip`` there finds)."""
    ids = []
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                path = PurePosixPath(member.name)
                if len(path.parts) == 1 and path.suffix == ".zip" and path.name != ".zip":
                    ids.append(path.stem[-4:])
    except (tarfile.TarError, OSError, EOFError) as err:
        raise ValueError(f"{archive}: not a readable tar archive ({err})") from None
    if not ids:
        raise ValueError(f"{archive}: no Sample<n>.zip at its root")
    return sorted(ids)


def random_predictions(ids: list[str]) -> pd.DataFrame:
    draw = random.Random(0)  # the module's functions on a private generator: same draws
    guesses = [" ".join(str(g) for g in draw.sample(range(1, 21), 20)) for _ in ids]
    return pd.DataFrame({"Id": ids, "Sequence": guesses})


def prepare(raw: Path, public: Path, private: Path) -> None:
    ids = test_ids(raw / "training4.tar.gz")
    training = read_csv(raw / "training.csv", COLUMNS, dtype={"Id": str, "Sequence": str})
    in_test = training["Id"].isin(ids)
    if in_test.sum() != len(ids):
        raise ValueError(
            f"{raw / 'training.csv'}: expected one row for each of the {len(ids)} samples of "
            f"training4.tar.gz, found {int(in_test.sum())}"
        )
    write_csv(training[~in_test], public / "training.csv")
    write_csv(training[in_test], private / "test.csv")
    write_csv(pd.DataFrame({"Id": ids}), public / "test.csv")
    write_csv(random_predictions(ids), public / "randomPredictions.csv")
    if variant() == "leak_free":
        write_test_archive(raw / "training4.tar.gz", public / "test.tar.gz")
    else:
        link_or_copy(raw / "training4.tar.gz", public / "test.tar.gz")
    for name in COPIED:
        link_or_copy(raw / name, public / name)
