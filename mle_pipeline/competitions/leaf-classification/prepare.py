"""leaf-classification: 10 % of train.csv becomes the test set; answers one-hot per species.

Images of both new train and new test leaves go to public/images (Kaggle's test leaves are
dropped); an empty private/images folder is created, as MLE-bench does.
"""

import shutil
from pathlib import Path

from mle_pipeline.prepare.tables import one_hot, read_csv, scratch_dir, split_rows, write_csv
from mle_pipeline.sources.archive import extract

from .species import SPECIES


def prepare(raw: Path, public: Path, private: Path) -> None:
    (public / "images").mkdir(parents=True, exist_ok=True)
    (private / "images").mkdir(parents=True, exist_ok=True)
    with scratch_dir(public) as scratch:
        work = Path(scratch)
        extract(raw / "train.csv.zip", work)
        extract(raw / "images.zip", work)
        train, test = split_rows(read_csv(work / "train.csv"), test_size=0.1, random_state=0)
        for leaf_id in [*train["id"], *test["id"]]:
            name = f"{leaf_id}.jpg"
            shutil.copyfile(work / "images" / name, public / "images" / name)
    copied = len(list((public / "images").glob("*.jpg")))
    if copied != len(train) + len(test):
        raise ValueError(f"expected {len(train) + len(test)} images in public/images, got {copied}")

    answers = one_hot(test[["id", "species"]], "id", "species", SPECIES)
    sample = answers.copy()
    sample[SPECIES] = 1 / len(SPECIES)

    write_csv(train, public / "train.csv")
    write_csv(answers, private / "test.csv")
    write_csv(test.drop(columns=["species"]), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
