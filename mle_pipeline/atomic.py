"""Atomic file and directory writes, and file hashing.

Every output is written under a temporary name in the destination's own folder and
renamed into place only when complete, so a killed process never leaves a half-written
file at a final path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

TMP_PREFIX = ".tmp-"
_CHUNK = 1 << 20


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp/mkdtemp create 0600/0700; outputs get the modes open() and mkdir() would give.
FILE_MODE = 0o666 & ~_umask()
DIR_MODE = 0o777 & ~_umask()


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary file path beside ``final``; rename it onto ``final`` on success."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX + final.name + ".", dir=final.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)
        _fsync_file(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(final: Path, text: str) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(final: Path, payload: object) -> None:
    write_text(final, json.dumps(payload, indent=2, sort_keys=False) + "\n")


@contextlib.contextmanager
def atomic_dir(final: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``final``; swap it in for ``final`` on success.

    The old folder (if any) is moved aside first and deleted only after the new one is
    in place, so ``final`` is at every moment either absent, the old or the new version.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + final.name + ".", dir=final.parent))
    try:
        yield tmp
        os.chmod(tmp, DIR_MODE)
        old = None
        if final.exists():
            old = final.with_name(f"{TMP_PREFIX}{final.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def remove_stale_temporaries(folder: Path, name: str = "") -> list[Path]:
    """Delete leftovers of killed writers (``.tmp-*``) directly under ``folder``.

    With ``name``, only the leftovers of writes to ``folder / name`` (other writers in the
    same folder may be at work). Callers hold the lock that makes those writes theirs.
    """
    removed = []
    if folder.is_dir():
        for leftover in folder.glob(TMP_PREFIX + (f"{name}." if name else "") + "*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def file_digests(path: Path) -> dict[str, str]:
    """md5 and sha256 of a file, read once in 1 MiB chunks."""
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            md5.update(chunk)
            sha256.update(chunk)
    return {"md5": md5.hexdigest(), "sha256": sha256.hexdigest()}


def tree_digests(folder: Path) -> dict[str, dict[str, str]]:
    """Digests of every file below ``folder`` keyed by POSIX relative path, sorted."""
    return {
        path.relative_to(folder).as_posix(): file_digests(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(TMP_PREFIX)
    }


def combined_digest(digests: dict[str, dict[str, str]]) -> str:
    """One sha256 over a digests mapping: a data version for a whole folder."""
    canonical = json.dumps(
        {name: d["sha256"] for name, d in sorted(digests.items())}, sort_keys=True
    ).encode()
    return hashlib.sha256(canonical).hexdigest()


class LockBusyError(RuntimeError):
    """Another process holds the lock and waiting was not allowed."""


@contextlib.contextmanager
def exclusive_lock(path: Path, *, wait: bool = True) -> Iterator[None]:
    """An advisory lock on ``path`` (created if needed), released when the block ends.

    The kernel drops the lock when its holder dies, so a killed process never leaves a
    lock behind. ``fcntl.flock`` directly: the ``filelock`` package does the same here (POSIX,
    where the runners work) in more code.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle.fileno(), flags)
        except BlockingIOError:
            raise LockBusyError(f"{path} is held by another process") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
