"""Copying a download's binary files (images, recordings) into a prepared folder unread."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def link_or_copy(src: str | Path, dst: str | Path) -> None:
    """Hard-link ``src`` at ``dst`` (no bytes copied), or copy it where a link is not
    possible (another filesystem). A missing ``src`` fails naming it. Usable as
    ``shutil.copytree``'s ``copy_function``."""
    src = Path(src)
    try:
        os.link(src, dst)
    except FileNotFoundError:
        if not src.is_file():
            raise FileNotFoundError(f"{src} is missing from the download") from None
        raise
    except OSError:
        shutil.copyfile(src, dst)


def copy_folders(names: Iterable[str], source: Path, dest: Path, *, link: bool = False) -> None:
    """Copy each folder ``source/<name>`` (all it holds, byte for byte) to ``dest/<name>``.

    With ``link``, files are hard-linked where the file system allows (``link_or_copy``).
    A missing folder fails the preparation, naming it.
    """
    copy = link_or_copy if link else shutil.copyfile
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        folder = source / name
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: listed in the labels but not in the download")
        shutil.copytree(folder, dest / name, copy_function=copy, dirs_exist_ok=True)
