"""hubmap-kidney-segmentation: 3 of Kaggle's 15 training images become the test set
(``train_test_split(train_size=12, test_size=3, random_state=0)``), as in MLE-bench.

Each image's ``.tiff``, glomerulus annotations ``<id>.json`` and
``<id>-anatomical-structure.json`` are copied byte for byte (never decoded) into
public/train or public/test. The answers carry each test image's width and height (the
RLE's shape); private/gold_submission.csv and public/test/sample_submission.csv are
written as MLE-bench does.

Two variants:

- ``mlebench`` (default): MLE-bench's preparation, file for file. The public test folder
  keeps each test image's ``<id>.json``: its glomerulus polygons are the answers (MLE-bench's
  README, "Known issues").
- ``leak_free`` (opt-in, ``MLE_PIPELINE_HUBMAP_LEAK_FREE=1`` or the config's
  ``options.leak_free``): the same split without the test images' ``<id>.json``.
"""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import read_csv, write_csv
from mle_pipeline.prepare.variants import opt_in

INFO = "HuBMAP-20-dataset_information.csv"
N_TRAIN, N_TEST = 12, 3


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    leak_free = opt_in("hubmap-kidney-segmentation", "MLE_PIPELINE_HUBMAP_LEAK_FREE", "leak_free")
    return "leak_free" if leak_free else "mlebench"


def _copy(raw: Path, ids, dest: Path, suffixes: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for image_id in ids:
        for suffix in suffixes:
            shutil.copyfile(raw / "train" / f"{image_id}{suffix}", dest / f"{image_id}{suffix}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    if len(labels) != N_TRAIN + N_TEST:
        raise ValueError(
            f"{raw / 'train.csv'}: {len(labels)} images, expected Kaggle's {N_TRAIN + N_TEST} "
            f"(MLE-bench keeps {N_TRAIN} for training and tests on {N_TEST})"
        )
    info = read_csv(raw / INFO)
    train, test = train_test_split(labels, train_size=N_TRAIN, test_size=N_TEST, random_state=0)
    image_ids = info["image_file"].str.replace(".tiff", "", regex=False)
    info = info[image_ids.isin(labels["id"])]
    sizes = info.assign(id=image_ids)[["id", "width_pixels", "height_pixels"]]
    answers = test.merge(sizes, on="id")
    if len(answers) != N_TEST:
        raise ValueError(f"{raw / INFO}: no single width and height for every test image")

    write_csv(info, public / INFO)
    write_csv(train, public / "train.csv")
    write_csv(answers, private / "test.csv")
    sample = answers[["id"]].assign(predicted="")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(sample.assign(predicted=answers["encoding"]), private / "gold_submission.csv")

    annotations = [".tiff", ".json", "-anatomical-structure.json"]
    _copy(raw, train["id"], public / "train", annotations)
    test_files = annotations if variant() == "mlebench" else [".tiff", "-anatomical-structure.json"]
    _copy(raw, test["id"], public / "test", test_files)
    shutil.copyfile(public / "sample_submission.csv", public / "test" / "sample_submission.csv")
