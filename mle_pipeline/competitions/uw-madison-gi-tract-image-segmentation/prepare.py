"""uw-madison-gi-tract-image-segmentation: MLE-bench's split of Kaggle's labelled scans.

10 % of the cases (``train_test_split`` over the cases in order of appearance,
random_state 42) go to the test set whole; of every other case, the days after its first
four (in day order) go to the test set too. Each ``<case>/<case>_<day>`` folder of scans
is copied byte for byte (never decoded) into public/train or public/test. The answers
carry each test slice's width and height, read from its scan's file name
(``slice_<n>_<width>_<height>_<spacing>_<spacing>.png``) and written as floats, as
MLE-bench's do.
"""

import functools
import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import read_csv

DAYS_KEPT = 4


def _day_number(day: str) -> int:
    return int(day[len("day") :])


def _test_rows(labels: pd.DataFrame) -> tuple[pd.Series, set[str]]:
    cases = labels["case"].unique()
    _, test_cases = train_test_split(cases, test_size=0.1, random_state=42)
    test_cases = set(test_cases)
    in_test = labels["case"].isin(test_cases)
    for case, days in labels[~in_test].groupby("case")["day"]:
        later = sorted(set(days), key=_day_number)[DAYS_KEPT:]
        in_test |= labels["case"].eq(case) & labels["day"].isin(later)
    return in_test, test_cases


@functools.cache
def _scans_by_slice(scans: Path) -> dict[str, list[str]]:
    """The scan file names of one case-day, by slice number (one listing per folder)."""
    by_slice: dict[str, list[str]] = {}
    for path in scans.glob("slice_*_*.png"):
        by_slice.setdefault(path.stem.split("_")[1], []).append(path.stem)
    return by_slice


def _slice_size(scans: Path, slice_number: str) -> tuple[int, int]:
    found = _scans_by_slice(scans).get(slice_number, [])
    if len(found) != 1:
        raise ValueError(f"{scans}: expected one scan of slice {slice_number}, found {len(found)}")
    width, height = found[0].split("_")[2:4]
    return int(width), int(height)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    parts = labels["id"].str.split("_")
    labels["case"], labels["day"], labels["slice"] = parts.str[0], parts.str[1], parts.str[-1]
    in_test, test_cases = _test_rows(labels)
    test_days = set(labels.loc[in_test, "case"] + "_" + labels.loc[in_test, "day"])

    for part in ("train", "test"):
        (public / part).mkdir(parents=True, exist_ok=True)
    for case in labels["case"].unique():
        case_part = "test" if case in test_cases else "train"
        for entry in sorted((raw / "train" / case).iterdir()):
            # A day folder listed for the test set moves there; anything else stays with
            # its case, as MLE-bench's copy-the-case-then-move-the-days leaves it.
            part = "test" if entry.name in test_days else case_part
            dest = public / part / case / entry.name
            if entry.is_dir():
                shutil.copytree(entry, dest, copy_function=shutil.copyfile)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry, dest)

    test = labels[in_test].copy()
    sizes = [
        _slice_size(raw / "train" / case / f"{case}_{day}" / "scans", number)
        for case, day, number in zip(test["case"], test["day"], test["slice"], strict=True)
    ]
    _scans_by_slice.cache_clear()
    test["image_width"] = [float(w) for w, _ in sizes]
    test["image_height"] = [float(h) for _, h in sizes]
    helpers = ["case", "day", "slice"]
    train = labels[~in_test].drop(columns=helpers)
    test = test.drop(columns=helpers).rename(columns={"segmentation": "predicted"})

    write = {"index": False, "na_rep": ""}
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    sample = test[["id", "class"]].assign(predicted="1 1 5 2")
    sample.to_csv(public / "sample_submission.csv", **write)
    test.to_csv(private / "test.csv", **write)
    train.to_csv(public / "train.csv", **write)
    test[["id", "class"]].to_csv(public / "test.csv", **write)
