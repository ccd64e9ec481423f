"""Which submission paths may be graded: never the answers, never outside allowed folders.

A submission is read only when it is a regular file (not a symlink) whose real location is
inside one of the allowed roots and outside every prepared ``private/`` folder, and which
is not a hard link to an answers file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


class RefusedSubmissionPath(ValueError):
    """A submission path that must not be read; the message says why."""


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def check_submission_path(
    path: Path,
    *,
    allowed_roots: Iterable[Path],
    private_dirs: Iterable[Path] = (),
    answers_files: Iterable[Path] = (),
) -> Path:
    """Return the resolved path if it may be graded, else raise RefusedSubmissionPath."""
    if ".." in Path(path).parts:
        raise RefusedSubmissionPath(f"{path}: '..' is not allowed in a submission path")
    if path.is_symlink():
        raise RefusedSubmissionPath(f"{path}: a symbolic link is not graded; submit a real file")
    resolved = Path(os.path.realpath(path))
    roots = [Path(os.path.realpath(r)) for r in allowed_roots]
    if not any(_is_within(resolved, root) for root in roots):
        shown = ", ".join(map(str, roots)) or "(none)"
        raise RefusedSubmissionPath(f"{path}: outside the allowed folders ({shown})")
    for private in private_dirs:
        if _is_within(resolved, Path(os.path.realpath(private))):
            raise RefusedSubmissionPath(f"{path}: inside a private answers folder")
    if resolved.is_file():
        stat = resolved.stat()
        for answers in answers_files:
            if answers.is_file():
                other = answers.stat()
                if (stat.st_dev, stat.st_ino) == (other.st_dev, other.st_ino):
                    raise RefusedSubmissionPath(f"{path}: a hard link to the answers file")
    return resolved
