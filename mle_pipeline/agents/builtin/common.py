"""What built-in agents share: finding their folders and talking to Dagster Pipes if present."""

from __future__ import annotations

import contextlib
import os
import shutil
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


def find_sample_submission(data: Path) -> Path:
    candidates = sorted(data.glob("sample_submission*.csv")) or sorted(data.glob("*sample*.csv"))
    if not candidates:
        raise FileNotFoundError(f"no sample submission CSV in {data}")
    return candidates[0]


def copy_sample(data: Path, dest: Path) -> Path:
    sample = find_sample_submission(data)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(".partial-" + dest.name)
    shutil.copyfile(sample, tmp)
    os.replace(tmp, dest)
    return sample
