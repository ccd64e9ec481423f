"""ml2021spring-hw2: rows of Kaggle's train_11.npy become the new train and test sets.

As in MLE-bench: a scikit-learn shuffle split of the row numbers (``random_state=0``) with
Kaggle's own test share, ``len(test_11) / (len(train_11) + len(test_11))`` (about 0.268);
the new test rows are numbered 0.. in split order; the sample submission predicts class 0.

Kaggle's train_11.npy is about 2 GB (1.2 M frames x 429 float32 features), so its rows are
read one by one (``os.pread``) and written in blocks: memory stays bounded, and the files equal
``np.save``'s byte for byte.
"""

import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import write_csv

FOLDER = Path("timit_11") / "timit_11"
BLOCK_BYTES = 16 << 20


def _load(path: Path) -> np.ndarray:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing from the download")
    return np.load(path, mmap_mode="r")


def _save_rows(source_path: Path, rows: np.ndarray, dest: Path) -> None:
    """``np.save(dest, source[rows])`` written block by block (same header, same bytes).

    Rows are read with ``os.pread``: the rows of one block lie all over the file, and a
    memory map would keep every page they touch resident.
    """
    source = _load(source_path)
    shape, dtype, offset = (len(rows), *source.shape[1:]), source.dtype, source.offset
    row_bytes = source[:1].nbytes
    if not source.flags.c_contiguous:
        raise ValueError(f"{source_path}: expected a C-ordered array")
    del source
    header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape}
    block = max(1, BLOCK_BYTES // max(1, row_bytes))
    with open(source_path, "rb") as handle, open(dest, "wb") as out:
        np.lib.format.write_array_header_1_0(out, header)
        fd = handle.fileno()
        for start in range(0, len(rows), block):
            out.write(
                b"".join(
                    os.pread(fd, row_bytes, offset + int(row) * row_bytes)
                    for row in rows[start : start + block]
                )
            )


def prepare(raw: Path, public: Path, private: Path) -> None:
    features = _load(raw / FOLDER / "train_11.npy")
    labels = np.load(raw / FOLDER / "train_label_11.npy")
    test_rows = len(_load(raw / FOLDER / "test_11.npy"))
    if len(labels) != len(features):
        raise ValueError(
            f"{raw / FOLDER}: train_label_11.npy has {len(labels)} labels "
            f"for {len(features)} rows of train_11.npy"
        )
    test_share = test_rows / (len(features) + test_rows)
    train_idx, test_idx = train_test_split(
        range(len(features)), test_size=test_share, random_state=0
    )
    train_idx, test_idx = np.asarray(train_idx), np.asarray(test_idx)

    answers = pd.DataFrame({"Id": range(len(test_idx)), "ClassId": labels[test_idx]})
    sample = answers.assign(ClassId=0)
    out = public / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    _save_rows(raw / FOLDER / "train_11.npy", train_idx, out / "train_11.npy")
    np.save(out / "train_label_11.npy", labels[train_idx])
    _save_rows(raw / FOLDER / "train_11.npy", test_idx, out / "test_11.npy")
    write_csv(sample, public / "sampleSubmission.csv")
    write_csv(answers, private / "answers.csv")
