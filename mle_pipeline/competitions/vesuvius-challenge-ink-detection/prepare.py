"""vesuvius-challenge-ink-detection: training fragment 3 becomes the single test fragment.

As in MLE-bench (no random split): fragments 1 and 2 are public training data, whole;
fragment 3 becomes test fragment ``a`` with its surface volume and mask.png public and its
labels (inklabels.png, inklabels_rle.csv) and infrared photo (ir.png) withheld. The answers
are fragment 3's run-length-encoded ink labels with the fragment's width and height (read
from ir.png's header, never decoded). Kaggle's own test fragments are not used. The TIFF
stacks (hundreds of GB on Kaggle) are hard-linked where the file system allows, else copied.
"""

from pathlib import Path

from PIL import Image

from mle_pipeline.prepare.files import copy_folders, link_or_copy
from mle_pipeline.prepare.tables import read_csv, write_csv

WITHHELD = ("inklabels.png", "inklabels_rle.csv", "ir.png")
SUFFIXES = (".png", ".csv", ".tif")


def prepare(raw: Path, public: Path, private: Path) -> None:
    fragment = raw / "train" / "3"
    labels = read_csv(fragment / "inklabels_rle.csv", ["Id", "Predicted"])
    if len(labels) != 1:
        raise ValueError(f"{fragment / 'inklabels_rle.csv'}: expected one row, got {len(labels)}")
    with Image.open(fragment / "ir.png") as photo:
        width, height = photo.size
    answers = labels.assign(width=width, height=height, Id="a")

    write_csv(answers, private / "inklabels_rle.csv")
    write_csv(answers.drop(columns=["width", "height"]), private / "gold_submission.csv")
    write_csv(answers[["Id"]].assign(Predicted="1 1 5 1"), public / "sample_submission.csv")

    copy_folders(["1", "2"], raw / "train", public / "train", link=True)
    for path in sorted(fragment.rglob("*")):
        if not path.is_file() or path.name in WITHHELD:
            continue
        if path.suffix not in SUFFIXES:
            raise ValueError(f"{path}: expected only {', '.join(SUFFIXES)} files in a fragment")
        dest = public / "test" / "a" / path.relative_to(fragment)
        dest.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(path, dest)
