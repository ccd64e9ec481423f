"""facebook-recruiting-iii-keyword-extraction: 10 % of Train.csv becomes the test set
(``train_test_split``, random_state 0).

Train.csv (inside Train.zip, about 6.8 GB and 6 M questions) is never loaded whole. Pass 1
reads it in chunks with pandas (every column as text, pandas' NA spellings as missing, as
MLE-bench's read gives) and writes each question's fields, already quoted as pandas'
``to_csv`` quotes them, to a scratch file, remembering where each record starts. The split
is scikit-learn's permutation of the row numbers; pass 2 writes the outputs in that order
by reading the records back through a memory map. The bytes equal MLE-bench's output.
"""

import csv
import io
import mmap
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import scratch_dir

COLUMNS = ["Id", "Title", "Body", "Tags"]
SAMPLE_TAGS = b"javascript c# python php java"
CHUNK_ROWS = 50_000


class _Fields:
    """Fields joined as pandas' to_csv writes them: the csv module's QUOTE_MINIMAL with
    ``\n`` line ends (pandas' own writer), missing values as empty fields."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def __call__(self, values: list[object]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        # A trailing empty field keeps the csv module from quoting a lone empty value.
        self._writer.writerow([v if isinstance(v, str) else "" for v in values] + [""])
        return self._buffer.getvalue()[:-2]


def _records(train_zip: Path, scratch: Path) -> tuple[Path, np.ndarray]:
    """Write ``Id,Title,Body`` and ``Tags`` of every row to one file; return it with the
    offsets of each row's start, its Tags field, and the end (3 per row, then 1)."""
    blob = scratch / "records.bin"
    offsets: list[np.ndarray] = []
    position = 0
    fields = _Fields()
    with (
        zipfile.ZipFile(train_zip) as archive,
        archive.open("Train.csv") as stream,
        open(blob, "wb") as out,
    ):
        reader = pd.read_csv(stream, dtype=str, chunksize=CHUNK_ROWS)
        for chunk in reader:
            if list(chunk.columns) != COLUMNS:
                raise ValueError(
                    f"{train_zip}/Train.csv: expected columns {COLUMNS}, got {list(chunk.columns)}"
                )
            marks = np.empty(2 * len(chunk), dtype=np.int64)
            parts = []
            for i, (qid, title, body, tags) in enumerate(chunk.itertuples(index=False)):
                head = fields([qid, title, body]).encode()
                tail = fields([tags]).encode()
                marks[2 * i] = position
                marks[2 * i + 1] = position + len(head)
                position += len(head) + len(tail)
                parts += (head, tail)
            out.write(b"".join(parts))
            offsets.append(marks)
    marks = np.concatenate(offsets) if offsets else np.empty(0, dtype=np.int64)
    return blob, np.append(marks, position)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as tmp:
        blob, marks = _records(raw / "Train.zip", Path(tmp))
        n = (len(marks) - 1) // 2
        train_rows, test_rows = train_test_split(np.arange(n), test_size=0.1, random_state=0)
        with (
            open(blob, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):

            def head(row: int) -> bytes:
                return data[marks[2 * row] : marks[2 * row + 1]]

            def tags(row: int) -> bytes:
                return data[marks[2 * row + 1] : marks[2 * row + 2]]

            with open(public / "train.csv", "wb") as out:
                out.write(b"Id,Title,Body,Tags\n")
                for row in train_rows:
                    out.write(head(row) + b"," + tags(row) + b"\n")
            with (
                open(private / "test.csv", "wb") as answers,
                open(public / "test.csv", "wb") as test,
                open(public / "sample_submission.csv", "wb") as sample,
            ):
                answers.write(b"Id,Title,Body,Tags\n")
                test.write(b"Id,Title,Body\n")
                sample.write(b"Id,Title,Body,Tags\n")
                for row in test_rows:
                    first = head(row)
                    answers.write(first + b"," + tags(row) + b"\n")
                    test.write(first + b"\n")
                    sample.write(first + b"," + SAMPLE_TAGS + b"\n")
