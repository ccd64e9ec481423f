"""alaska2-image-steganalysis: new test set from Kaggle's Cover images (random_state 42).

The sorted Cover/*.jpg are split with ``train_test_split(test_size=5000, random_state=42)``;
new-train images are renumbered 00001.jpg... in Cover/ and in each algorithm's folder (the
same picture with a hidden message). The test images are shuffled with Python's random
seeded 0, then, from that same generator, each becomes its Cover version (label 0) or one
algorithm's version (label 1), as in MLE-bench; ids are 0001.jpg.... Images are copied,
never decoded.

Inputs with fewer than 25,000 covers (the offline sample) get a test set of a fifth of the
covers instead of 5,000 (MLE-bench's own prepare cannot run on them).
"""

import random
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_file, write_csv

ALGORITHMS = ["JMiPOD", "JUNIWARD", "UERD"]
TEST_SIZE = 5000


def prepare(raw: Path, public: Path, private: Path) -> None:
    covers = sorted((raw / "Cover").glob("*.jpg"))
    if len(covers) < 5:
        raise ValueError(f"{raw / 'Cover'} holds {len(covers)} .jpg images; need at least 5")
    test_size = TEST_SIZE if len(covers) >= 5 * TEST_SIZE else len(covers) // 5
    train, test = train_test_split(covers, test_size=test_size, random_state=42)
    for folder in ["Cover", "Test", *ALGORITHMS]:
        (public / folder).mkdir(parents=True, exist_ok=True)

    for number, cover in enumerate(train, start=1):
        name = f"{number:05d}.jpg"
        copy_file(cover, public / "Cover" / name)
        for algorithm in ALGORITHMS:
            copy_file(raw / algorithm / cover.name, public / algorithm / name)

    draws = random.Random(0)
    draws.shuffle(test)
    ids, labels = [], []
    for number, cover in enumerate(test, start=1):
        test_id = f"{number:04d}.jpg"
        if draws.choice([True, False]):
            source, label = cover, 0
        else:
            source, label = raw / draws.choice(ALGORITHMS) / cover.name, 1
        copy_file(source, public / "Test" / test_id)
        ids.append(test_id)
        labels.append(label)

    answers = pd.DataFrame({"Id": ids, "Label": labels})
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(Label=0), public / "sample_submission.csv")
