"""Shared helpers for competition ``prepare`` functions.

They read and write CSVs exactly as MLE-bench does (pandas with round-trip float parsing,
``index=False`` on write) and split with scikit-learn's ``train_test_split``, so the same
raw data gives byte-identical files to MLE-bench's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


def read_csv(path: Path, columns: Sequence[str] | None = None, **kwargs) -> pd.DataFrame:
    """Read a CSV with round-trip float precision (what MLE-bench's preparers use).

    With ``columns``, the header must be exactly those names; otherwise a ValueError names
    the file and both headers.
    """
    kwargs.setdefault("float_precision", "round_trip")
    frame = pd.read_csv(path, **kwargs)
    if columns is not None and list(frame.columns) != list(columns):
        raise ValueError(f"{path}: expected columns {list(columns)}, got {list(frame.columns)}")
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write without the index, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def split_rows(
    frame: pd.DataFrame, test_size: float | int, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shuffle-split rows into (train, test) with scikit-learn, copying both parts."""
    train, test = train_test_split(frame, test_size=test_size, random_state=random_state)
    return train.copy(), test.copy()


def one_hot(
    frame: pd.DataFrame, id_column: str, target_column: str, classes: Sequence[str]
) -> pd.DataFrame:
    """One row per id, one 0/1 integer column per class (in the given order)."""
    encoded = pd.DataFrame(0, index=frame.index, columns=[id_column, *classes])
    encoded[id_column] = frame[id_column]
    codes = pd.Categorical(frame[target_column], categories=list(classes)).codes
    if (codes < 0).any():
        unknown = sorted(set(frame[target_column]) - set(classes))
        raise ValueError(f"labels outside the class list: {unknown[:5]}")
    matrix = np.zeros((len(frame), len(classes)), dtype=np.int64)
    matrix[np.arange(len(frame)), codes] = 1
    encoded[list(classes)] = matrix
    return encoded


def copy_named_files(
    names: Iterable[str],
    source: Path,
    dest: Path,
    suffix: str,
    rename: Mapping[str, str] | None = None,
) -> None:
    """Copy ``source/<name><suffix>`` to ``dest/<new name><suffix>`` for every name.

    ``rename`` maps old names to new ones (names it lacks keep theirs). Afterwards ``dest``
    must hold exactly one ``*<suffix>`` file per name, or the preparation fails.
    """
    names = list(names)
    rename = rename or {}
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(source / f"{name}{suffix}", dest / f"{rename.get(name, name)}{suffix}")
    copied = len(list(dest.glob(f"*{suffix}")))
    if copied != len(names):
        raise ValueError(f"expected {len(names)} {suffix} files in {dest}, found {copied}")


def copy_file(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def scratch_dir(public: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder beside the prepared output, for nested archives.

    Nested archives are extracted here rather than into ``raw/`` so raw data stays exactly
    as downloaded (and its checksums stay valid); it is on the data disk, not ``/tmp``.
    """
    return tempfile.TemporaryDirectory(prefix=".scratch-", dir=public.parent)


def read_zipped_csv(archive: Path, member: str, **kwargs) -> pd.DataFrame:
    """``read_csv`` of one member of a zip, streamed (nothing is extracted to disk)."""
    import zipfile

    with zipfile.ZipFile(archive) as handle, handle.open(member) as stream:
        return read_csv(stream, **kwargs)


def zip_member(dest: Path, arcname: str):
    """A context manager: a binary stream that becomes the only member of the zip ``dest``.

    Deflated, with a fixed timestamp, so equal content gives a byte-identical archive (the
    archives MLE-bench writes carry the current time). Wrap it in ``io.TextIOWrapper(...,
    encoding="utf-8", newline="")`` to stream ``DataFrame.to_csv`` straight into the zip.
    """
    import contextlib
    import zipfile

    @contextlib.contextmanager
    def _open():
        dest.parent.mkdir(parents=True, exist_ok=True)
        info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with (
            zipfile.ZipFile(dest, "w") as archive,
            archive.open(info, "w", force_zip64=True) as stream,
        ):
            yield stream

    return _open()


def zip_file(src: Path, dest: Path, arcname: str | None = None) -> None:
    """Zip one file as the only member of ``dest`` (deterministic, see ``zip_member``)."""
    with zip_member(dest, arcname or src.name) as stream, open(src, "rb") as handle:
        shutil.copyfileobj(handle, stream, 1 << 20)


def write_zipped_csv(frame: pd.DataFrame, dest: Path, arcname: str, **to_csv_kwargs) -> None:
    """``to_csv(index=False, **to_csv_kwargs)`` streamed into ``dest`` as member ``arcname``.

    The member's bytes equal what ``to_csv`` would write to a file (UTF-8, ``\\n`` lines);
    no uncompressed copy touches the disk.
    """
    import io

    with zip_member(dest, arcname) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        frame.to_csv(text, index=False, lineterminator="\n", **to_csv_kwargs)
        text.flush()
        text.detach()


def split_groups(
    frame: pd.DataFrame, group_column: str, test_size: float | int, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split whole groups: ``train_test_split`` of the distinct ``group_column`` values.

    The values are split in order of first appearance (``Series.unique()``); rows keep their
    original order in both parts, which are copies.
    """
    train_groups, _ = train_test_split(
        frame[group_column].unique(), test_size=test_size, random_state=random_state
    )
    in_train = frame[group_column].isin(train_groups)
    return frame[in_train].copy(), frame[~in_train].copy()


def renumber_by_appearance(values: pd.Series) -> pd.Series:
    """Replace each value by 0, 1, 2, ... in order of first appearance (int64)."""
    codes, _ = pd.factorize(values)
    return pd.Series(codes.astype(np.int64), index=values.index, name=values.name)


def copy_zip_members(source: Path, names: Iterable[str], dest: Path) -> None:
    """Stream the members ``names`` of zip ``source`` into a new zip ``dest``, in that order.

    Nothing is extracted to disk; members get a fixed timestamp (as in ``zip_member``), so
    the same members give a byte-identical archive. They are stored, not deflated: the
    archives copied this way hold JPEGs, which do not shrink, and deflating gigabytes would
    make the copy several times slower than the bytes' copy. A name missing from ``source``
    fails the preparation with the archive's name.
    """
    import zipfile

    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(dest, "w") as out:
        present = set(archive.namelist())
        for name in names:
            if name not in present:
                raise FileNotFoundError(f"{source} has no member {name!r}")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            with archive.open(name) as src, out.open(info, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
