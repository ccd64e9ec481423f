"""What kind of file a path is, and bounded reads that never block on special files.

Reports, submissions and configs come from places an agent or a user controls. A FIFO
there blocks a plain ``open`` forever, a character device (``/dev/zero``) reads without
end, and a folder fails with an errno nobody understands. Everything that reads such a
path goes through :func:`read_bytes` (or asks :func:`regular_file_problem` first).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


class UnsafeFileError(ValueError):
    """A path that is not a readable regular file, or one larger than allowed."""


def kind_of(mode: int) -> str:
    """'a regular file', 'a FIFO (named pipe)', 'a folder', ... for an ``st_mode``."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def describe(path: Path | str) -> str:
    """What ``path`` is, without opening it: 'a FIFO (named pipe)', 'a symbolic link to a
    character device', 'a broken symbolic link', 'missing', ..."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as err:
        return f"not inspectable ({err.strerror})"
    if not stat.S_ISLNK(link.st_mode):
        return kind_of(link.st_mode)
    try:
        target = os.stat(path)
    except OSError:
        return "a broken symbolic link"
    return f"a symbolic link to {kind_of(target.st_mode)}"


def regular_file_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as a regular file (a sentence naming it), or None.

    A symbolic link to a regular file is fine; a link to anything else is not.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.lexists(path):
            return f"{path} is a broken symbolic link"
        return f"{path} does not exist"
    except OSError as err:
        return f"{path} cannot be inspected: {err.strerror}"
    if stat.S_ISREG(mode):
        return None
    return f"{path} is {describe(path)}, not a regular file"


def read_bytes(path: Path | str, max_bytes: int) -> bytes:
    """The whole content of a regular file of at most ``max_bytes`` bytes.

    Raises :class:`UnsafeFileError` for anything else (FIFO, device, folder, socket, a
    file over the limit) without blocking: the file is opened non-blocking and checked
    again on the open descriptor, so a swap between the check and the open is caught.
    OSError (permissions, I/O) propagates.
    """
    problem = regular_file_problem(path)
    if problem is not None:
        raise UnsafeFileError(problem)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(f"{path} is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise UnsafeFileError(
                f"{path} is {info.st_size} bytes, over the {max_bytes}-byte limit"
            )
        chunks, total = [], 0
        while chunk := os.read(descriptor, 1 << 16):
            total += len(chunk)
            if total > max_bytes:  # grew after the fstat
                raise UnsafeFileError(f"{path} is over the {max_bytes}-byte limit")
            chunks.append(chunk)
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def read_text(path: Path | str, max_bytes: int) -> str:
    """:func:`read_bytes` decoded as UTF-8 (UnicodeDecodeError is a ValueError)."""
    return read_bytes(path, max_bytes).decode("utf-8")
