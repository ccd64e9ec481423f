"""Copying a download's binary files (images, recordings) into a prepared folder unread."""

from __future__ import annotations

import os
import shutil
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
