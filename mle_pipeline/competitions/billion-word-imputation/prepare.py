"""billion-word-imputation: about 1 % of train_v2.txt's sentences become the test set.

train_v2.txt (inside train_v2.txt.zip, 30,301,028 lines, about 4 GB) is streamed line by
line, as MLE-bench reads it (UTF-8 text with universal newlines). One
``numpy.random.RandomState(0)`` draws, for every line, a uniform number; a line with more
than two words and a draw <= 0.01 goes to the test set, and a second draw
(``randint(1, words - 1)``) picks the word its public copy loses (never the first or last).
The test files are CSVs with every sentence quoted; public/ gets train_v2.txt.zip and
test_v2.txt.zip (written straight into the archives), private/ the answers and the sample
submission (the public test, as MLE-bench places it).
"""

import io
import zipfile
from pathlib import Path

import numpy as np

from mle_pipeline.prepare.tables import zip_file, zip_member

KAGGLE_LINES = 30_301_028  # MLE-bench stops after this many lines
HEADER = '"id","sentence"\n'


def prepare(raw: Path, public: Path, private: Path) -> None:
    rng = np.random.RandomState(0)
    test_count = 0
    with (
        zipfile.ZipFile(raw / "train_v2.txt.zip") as archive,
        io.TextIOWrapper(archive.open("train_v2.txt"), encoding="utf-8") as lines,
        zip_member(public / "train_v2.txt.zip", "train_v2.txt") as train_stream,
        io.TextIOWrapper(train_stream, encoding="utf-8", newline="") as train,
        open(private / "test.csv", "w", encoding="utf-8") as answers,
        open(private / "sample_submission.csv", "w", encoding="utf-8") as test,
    ):
        answers.write(HEADER)
        test.write(HEADER)
        for number, sentence in enumerate(lines):
            if number >= KAGGLE_LINES:
                break
            if rng.uniform() <= 0.01 and len(sentence.split()) > 2:
                sentence = sentence.strip().replace('"', '""')
                words = sentence.split()
                gap = rng.randint(1, len(words) - 1)
                answers.write(f'{test_count},"{sentence}"\n')
                test.write(f'{test_count},"{" ".join(words[:gap] + words[gap + 1 :])}"\n')
                test_count += 1
            else:
                train.write(sentence)
    zip_file(private / "sample_submission.csv", public / "test_v2.txt.zip", "test_v2.txt")
