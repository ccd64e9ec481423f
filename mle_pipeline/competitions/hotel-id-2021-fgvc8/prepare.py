"""hotel-id-2021-fgvc8: 10 % of train.csv becomes the test set.

As in MLE-bench: the image ``ce27d36c9147cc19.jpg``, listed twice in Kaggle's train.csv, is
dropped first; then a scikit-learn shuffle split (``random_state=0``). Train photos keep
Kaggle's ``train_images/<chain>/`` folders; test photos are flattened into
``test_images/``. The sample submission guesses the same five hotels for every image.
"""

from pathlib import Path

from mle_pipeline.prepare.tables import copy_file, read_csv, split_rows, write_csv

DUPLICATED_IMAGE = "ce27d36c9147cc19.jpg"
SAMPLE_GUESS = "36363 53586 18807 64314 60181"


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv")
    labels = labels[labels["image"] != DUPLICATED_IMAGE]
    train, answers = split_rows(labels, test_size=0.1, random_state=0)

    write_csv(train, public / "train.csv")
    sample = answers[["image", "hotel_id"]].assign(hotel_id=SAMPLE_GUESS)
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "test.csv")
    (public / "train_images").mkdir(parents=True, exist_ok=True)
    (public / "test_images").mkdir(parents=True, exist_ok=True)
    for image, chain in zip(train["image"], train["chain"].astype(str), strict=True):
        source = raw / "train_images" / chain / image
        copy_file(source, public / "train_images" / chain / image)
    for image, chain in zip(answers["image"], answers["chain"].astype(str), strict=True):
        copy_file(raw / "train_images" / chain / image, public / "test_images" / image)
    copied = sum(1 for _ in (public / "test_images").iterdir())
    if copied != len(answers):
        raise ValueError(f"expected {len(answers)} test images, found {copied} (repeated names?)")
