"""What built-in agents share: finding their folders and talking to Dagster Pipes if present."""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def pipes() -> Iterator[object | None]:
    """The Dagster Pipes context when launched by Dagster, else None."""
    if "DAGSTER_PIPES_CONTEXT" not in os.environ:
        yield None
        return
    from dagster_pipes import open_dagster_pipes

    with open_dagster_pipes() as context:
        yield context


def log(context: object | None, message: str) -> None:
    print(message, flush=True)
    if context is not None:
        context.log.info(message)  # type: ignore[attr-defined]


def folder(name: str, default: str) -> Path:
    return Path(os.environ.get(name, default))


def data_dir() -> Path:
    return folder("DATA_DIR", "/home/data")


def submission_path() -> Path:
    return folder("SUBMISSION_DIR", "/home/submission") / "submission.csv"


# multi-modal-gesture-recognition's sample submission is Kaggle's randomPredictions.csv.
SAMPLE_PATTERNS = (
    "sample_submission*.csv",
    "*ample*ubmission*.csv",
    "*sample*.csv",
    "random*redictions*.csv",
)
# Without a sample submission, the public test file as the template (billion-word-imputation
# publishes only test_v2.txt.zip, a CSV of the sentences to restore, in the answers' format).
TEST_PATTERNS = ("test*.csv", "test*.txt", "test*.csv.zip", "test*.txt.zip")


def find_sample_submission(data: Path) -> Path:
    """The sample submission CSV in ``data``, or a zip or 7z holding one (some competitions
    ship ``*_sample_submission.csv.zip`` or ``sample_submission.csv.7z``)."""
    for pattern in SAMPLE_PATTERNS:
        found = sorted(data.glob(pattern))
        if found:
            return found[0]
    for pattern in SAMPLE_PATTERNS:
        for suffix in (".zip", ".7z"):
            found = sorted(data.glob(pattern + suffix)) or sorted(data.glob(pattern[:-4] + suffix))
            if found:
                return found[0]
    for pattern in TEST_PATTERNS:
        found = sorted(data.glob(pattern))
        if found:
            return found[0]
    raise FileNotFoundError(f"no sample submission CSV (or zipped CSV) in {data}")


def read_sample_bytes(sample: Path) -> bytes:
    if sample.suffix == ".7z":
        return _read_7z_csv(sample)
    if sample.suffix != ".zip":
        return sample.read_bytes()
    with zipfile.ZipFile(sample) as archive:
        members = [m for m in archive.namelist() if m.endswith((".csv", ".txt"))]
        if not members:
            raise FileNotFoundError(f"{sample} holds no CSV")
        return archive.read(members[0])


def sample_submission(data: Path) -> tuple[bytes, str] | None:
    """The sample submission's bytes and file name, or None if ``data`` has none."""
    try:
        sample = find_sample_submission(data)
        return read_sample_bytes(sample), sample.name
    except (FileNotFoundError, OSError, ValueError):
        return None


def _read_7z_csv(sample: Path) -> bytes:
    import tempfile

    import py7zr  # in the agent image's requirements

    with py7zr.SevenZipFile(sample) as archive, tempfile.TemporaryDirectory() as scratch:
        members = [m for m in archive.getnames() if m.endswith(".csv")]
        if not members:
            raise FileNotFoundError(f"{sample} holds no CSV")
        archive.extract(scratch, targets=[members[0]])
        return (Path(scratch) / members[0]).read_bytes()


def copy_sample(data: Path, dest: Path) -> Path:
    sample = find_sample_submission(data)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(".partial-" + dest.name)
    tmp.write_bytes(read_sample_bytes(sample))
    os.replace(tmp, dest)
    return sample
