"""The task text an agent reads as ``data/description.md``, and a record of which one it was.

MLE-bench gives agents the competition's full Kaggle description (``description.md``, or
``description_obfuscated.md``); Kaggle's text cannot ship with this project, so it is read
from the user's MLE-bench checkout when one is configured. Without one, agents get the
project's own summary written at preparation. Every run records the kind and the sha256
of the text it was given; the leaderboard never averages runs given different kinds.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from mle_pipeline import fsutil

MLEBENCH_ENV = "MLE_PIPELINE_MLEBENCH"
DESCRIPTION_ENV = "MLE_PIPELINE_DESCRIPTION"
VARIANTS = ("full", "obfuscated")
SUMMARY, MLEBENCH, MLEBENCH_OBFUSCATED = "summary", "mlebench", "mlebench-obfuscated"
DESCRIPTION_NAME = "description.md"
MAX_BYTES = 4 << 20  # the longest MLE-bench description is ~40 KB


@dataclass(frozen=True)
class TaskText:
    kind: str  # SUMMARY, MLEBENCH or MLEBENCH_OBFUSCATED
    sha256: str
    source: str  # the file it was read from
    content: bytes


def mlebench_checkout() -> Path | None:
    """``$MLE_PIPELINE_MLEBENCH``, if set."""
    value = os.environ.get(MLEBENCH_ENV)
    return Path(value).expanduser() if value else None


def _read(kind: str, path: Path) -> TaskText:
    content = fsutil.read_bytes(path, MAX_BYTES)
    return TaskText(kind, hashlib.sha256(content).hexdigest(), str(path), content)


def choose_task_text(
    competition_id: str, public_dir: Path, checkout: Path | None, variant: str = "full"
) -> TaskText:
    """The checkout's (obfuscated) description when ``checkout`` is given, else the summary
    in the prepared public folder. A checkout without the file is an error, never a quiet
    fallback to the summary."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown description variant {variant!r}; choose one of {VARIANTS}")
    if checkout is None:
        if variant == "obfuscated":
            raise ValueError(
                "the obfuscated description comes from an MLE-bench checkout: give one with "
                f"--mlebench DIR or ${MLEBENCH_ENV}"
            )
        return _read(SUMMARY, public_dir / DESCRIPTION_NAME)
    name = "description_obfuscated.md" if variant == "obfuscated" else DESCRIPTION_NAME
    for folder in (
        checkout / "mlebench" / "competitions" / competition_id,
        checkout / competition_id,
    ):
        if (folder / name).is_file():
            kind = MLEBENCH_OBFUSCATED if variant == "obfuscated" else MLEBENCH
            return _read(kind, folder / name)
    raise FileNotFoundError(
        f"{checkout} has no mlebench/competitions/{competition_id}/{name}: "
        f"{MLEBENCH_ENV} / --mlebench must name an MLE-bench checkout that has this competition"
    )
