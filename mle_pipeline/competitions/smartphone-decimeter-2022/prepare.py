"""smartphone-decimeter-2022: the drives of 10 % of Kaggle's training dates become the test set.

As in MLE-bench: ``train_test_split`` (``test_size=0.1``, ``random_state=0``) of the sorted
distinct dates (``YYYY-MM-DD``, the start of each drive folder's name); each drive's folder
is copied whole to public ``train/`` or ``test/``, except that test drives lose their
phones' ground_truth.csv. Those files, concatenated in drive and phone order with
``tripId = <drive>-<phone>``, are the answers; the sample submission predicts one fixed
point. metadata/ is copied whole; Kaggle's own test drives are not used. Files are
hard-linked (copied where a link is impossible), never parsed, except the test truths.

Two variants:

- ``mlebench`` (default): MLE-bench's preparation, file for file. Test drives keep each
  phone's ``supplemental/span_log.nmea``, the reference receiver's log of the true positions
  (MLE-bench's README, issue #93): a perfect score is one parse away.
- ``leak_free`` (opt-in, ``MLE_PIPELINE_SMARTPHONE_LEAK_FREE=1`` or the config's
  ``options.leak_free``): the same split and answers, without the test drives' span_log.nmea.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.files import link_or_copy
from mle_pipeline.prepare.tables import write_csv
from mle_pipeline.prepare.variants import opt_in

TRUTH = "ground_truth.csv"
SPAN_LOG = "span_log.nmea"
COLUMNS = ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]
SAMPLE_LATITUDE, SAMPLE_LONGITUDE = 37.904611315634504, -86.48107806249548


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    leak_free = opt_in(
        "smartphone-decimeter-2022", "MLE_PIPELINE_SMARTPHONE_LEAK_FREE", "leak_free"
    )
    return "leak_free" if leak_free else "mlebench"


def drive_date(drive: str) -> str:
    """``YYYY-MM-DD`` from a drive folder named ``<year>-<month>-<day>-...``."""
    parts = drive.split("-")
    if len(parts) < 3 or not all(p.isdigit() for p in parts[:3]):
        raise ValueError(f"drive folder {drive!r} does not start with a date <year>-<month>-<day>")
    return f"{parts[0]}-{parts[1].zfill(2)}-{parts[2].zfill(2)}"


def _answers(test_drives: list[str], source: Path) -> pd.DataFrame:
    truths = []
    for drive in test_drives:
        for phone in sorted(p.name for p in (source / drive).iterdir() if (p / TRUTH).is_file()):
            # MLE-bench's parse (pandas' default float converter), so floats are written alike.
            truth = pd.read_csv(source / drive / phone / TRUTH, float_precision="high")
            missing = [c for c in COLUMNS[1:] if c not in truth.columns]
            if missing:
                raise ValueError(f"{source / drive / phone / TRUTH}: missing column(s) {missing}")
            truths.append(truth.assign(tripId=f"{drive}-{phone}")[COLUMNS])
    if not truths:
        raise ValueError(f"{source}: no {TRUTH} in the test drives {test_drives}")
    return pd.concat(truths, ignore_index=True)


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "train"
    drives = sorted(p.name for p in source.iterdir() if p.is_dir())
    dates = sorted({drive_date(d) for d in drives})
    _, test_dates = train_test_split(dates, test_size=0.1, random_state=0)
    test_drives = [d for d in drives if drive_date(d) in set(test_dates)]

    held_back = {TRUTH, SPAN_LOG} if variant() == "leak_free" else {TRUTH}
    for drive in drives:
        in_test = drive in test_drives
        shutil.copytree(
            source / drive,
            public / ("test" if in_test else "train") / drive,
            ignore=(lambda _, names: [n for n in names if n in held_back]) if in_test else None,
            copy_function=link_or_copy,
        )
    shutil.copytree(raw / "metadata", public / "metadata", copy_function=link_or_copy)

    answers = _answers(test_drives, source)
    write_csv(answers, private / "test.csv")
    sample = answers.assign(LatitudeDegrees=SAMPLE_LATITUDE, LongitudeDegrees=SAMPLE_LONGITUDE)
    write_csv(sample, public / "sample_submission.csv")
