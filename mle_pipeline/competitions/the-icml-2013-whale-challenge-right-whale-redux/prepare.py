"""the-icml-2013-whale-challenge-right-whale-redux: Kaggle's 4 training days split by date.

Clips in ``train2.zip`` are named ``YYYYMMDD_HHMMSS_<offset>_TRAIN<idx>_<label>.aif``. The
two earliest days become the new training set and the two latest the test set; each part
is ordered by file name (time order) and re-indexed from 0. Test clips are renamed
``<prefix>_Test<idx>.aif`` (label dropped) and their labels go to ``private/test.csv``.
Both parts are re-zipped as ``train2.zip`` / ``test2.zip`` with a top-level folder.
"""

import re
import shutil
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import scratch_dir, write_csv
from mle_pipeline.sources.archive import extract, zip_folder

N_DAYS = 4


def _by_date(clips: Path) -> list[list[Path]]:
    days: dict[str, list[Path]] = {}
    for clip in clips.iterdir():
        days.setdefault(clip.name.split("_")[0], []).append(clip)
    if len(days) != N_DAYS:
        raise ValueError(f"expected {N_DAYS} recording days in train2.zip, found {sorted(days)}")
    return [days[date] for date in sorted(days)]


def _zip_as(folder_name: str, files: dict[str, Path], work: Path, dest: Path) -> None:
    """Copy ``files`` (new name -> source) into ``<folder_name>/`` and zip that folder."""
    staging = work / f"zip-{folder_name}"
    (staging / folder_name).mkdir(parents=True)
    for name, src in files.items():
        shutil.copy(src, staging / folder_name / name)
    if len(list((staging / folder_name).iterdir())) != len(files):
        raise ValueError(f"clip names collide in {folder_name}")
    zip_folder(staging, dest)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as scratch:
        work = Path(scratch)
        extract(raw / "train2.zip", work / "raw")
        days = _by_date(work / "raw" / "train2")
        train = sorted(days[0] + days[1])
        test = sorted(days[2] + days[3])

        train_files = {
            re.sub(r"TRAIN\d+", f"TRAIN{idx}", clip.name): clip for idx, clip in enumerate(train)
        }
        test_files = {
            clip.name.split("TRAIN")[0] + f"Test{idx}.aif": clip for idx, clip in enumerate(test)
        }
        _zip_as("train2", train_files, work, public / "train2.zip")
        _zip_as("test2", test_files, work, public / "test2.zip")

    answers = pd.DataFrame(
        {
            "clip": list(test_files),
            "probability": [1 if clip.stem.endswith("_1") else 0 for clip in test],
        }
    )
    sample = answers.copy()
    sample["probability"] = 0
    write_csv(answers, private / "test.csv")
    write_csv(sample, public / "sampleSubmission.csv")
