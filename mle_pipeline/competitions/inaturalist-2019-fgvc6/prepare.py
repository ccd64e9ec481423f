"""inaturalist-2019-fgvc6: per-species split of train2019.json, 12 % to test.

The split is the herbarium one (``mle_pipeline.prepare.herbarium``) with test_size 0.12:
one image stays in train, 2-4 give their last one to test, larger species use
``train_test_split(test_size=0.12, random_state=0)``; test items are shuffled with
``random.Random(0)`` and renamed ``test2019/<file name>``.

Images are never extracted: train_val2019.tar.gz is read once as a stream and each image
is written straight into public/train_val2019.tar.gz or public/test2019.tar.gz, which are
plain (uncompressed) tars despite their names, as in MLE-bench. Members keep the source
tar's order, mode and mtime, with owner 0 and no owner names, so the output is
deterministic; MLE-bench lists them in its file system's order with the copy's mtime.
"""

import random
import shutil
import tarfile
from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.herbarium import by_category, read_metadata, split, write_json
from mle_pipeline.prepare.tables import write_csv

TEST_SIZE = 0.12
TRAIN_ROOT = "train_val2019/"


def _member(source: tarfile.TarInfo, name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = source.size, source.mode, source.mtime
    return info


def _repack(archive: Path, targets: dict[str, tuple[tarfile.TarFile, str]]) -> None:
    """Stream ``archive`` once; copy each member named in ``targets`` to its tar and name."""
    pending = set(targets)
    try:
        with tarfile.open(archive, "r|gz") as source:
            for member in source:
                if not member.isfile() or member.name not in pending:
                    continue
                out, name = targets[member.name]
                out.addfile(_member(member, name), source.extractfile(member))
                pending.discard(member.name)
    except (OSError, tarfile.TarError, EOFError) as err:
        raise ValueError(f"{archive}: cannot read the tar.gz ({err})") from None
    if pending:
        raise ValueError(
            f"{archive} lacks {len(pending)} image(s) named in train2019.json, "
            f"e.g. {sorted(pending)[0]}"
        )


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "train2019.json"
    metadata = read_metadata(source)
    train, test = split(by_category(metadata, "id", source), True, TEST_SIZE)

    annotations, images = [], []
    for items in train.values():
        for annotation, image in items:
            annotations.append(annotation)
            images.append(image)
    write_json(
        {**metadata, "annotations": annotations, "images": images}, public / "train2019.json"
    )
    shutil.copyfile(raw / "val2019.json", public / "val2019.json")

    test_images, renamed = [], {}
    for _, image in test:
        new_name = "test2019/" + image["file_name"].split("/")[-1]
        if new_name in renamed.values():
            raise ValueError(f"{source}: two test images would both be {new_name}")
        renamed[image["file_name"]] = new_name
        test_images.append({**image, "file_name": new_name})
    public_test = {k: v for k, v in metadata.items() if k not in ("annotations", "categories")}
    write_json({**public_test, "images": test_images}, public / "test2019.json")

    answers = pd.DataFrame(
        {"id": [image["id"] for _, image in test], "predicted": [a["category_id"] for a, _ in test]}
    )
    write_csv(answers, private / "answers.csv")
    # MLE-bench draws every row from a fresh random.Random(42): one value repeated.
    sample = answers.assign(
        predicted=[random.Random(42).randint(0, 1009) for _ in range(len(answers))]
    )
    write_csv(sample, public / "kaggle_sample_submission.csv")

    with (
        tarfile.open(public / "train_val2019.tar.gz", "w") as train_tar,
        tarfile.open(public / "test2019.tar.gz", "w") as test_tar,
    ):
        targets: dict[str, tuple[tarfile.TarFile, str]] = {}
        for image in images:
            name = image["file_name"]
            if not name.startswith(TRAIN_ROOT):
                raise ValueError(f"{source}: train image {name!r} is not under {TRAIN_ROOT}")
            targets[name] = (train_tar, name[len(TRAIN_ROOT) :])
        for old, new in renamed.items():
            targets[old] = (test_tar, new[len("test2019/") :])
        _repack(raw / "train_val2019.tar.gz", targets)
