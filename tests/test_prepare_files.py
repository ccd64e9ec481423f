"""prepare/files.link_or_copy: a link on one filesystem, a copy across, a clear error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mle_pipeline.prepare.files import link_or_copy


def test_links_on_one_filesystem(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.png", tmp_path / "b.png"
    src.write_bytes(b"\x89PNG")
    link_or_copy(src, dst)
    assert dst.read_bytes() == b"\x89PNG" and os.path.samefile(src, dst)


def test_copies_where_a_link_fails(tmp_path: Path, monkeypatch) -> None:
    src, dst = tmp_path / "a.parquet", tmp_path / "b.parquet"
    src.write_bytes(b"PAR1")

    def cross_device(*_):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    link_or_copy(str(src), str(dst))
    assert dst.read_bytes() == b"PAR1" and not os.path.samefile(src, dst)


def test_missing_source_names_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="gone.png is missing from the download"):
        link_or_copy(tmp_path / "gone.png", tmp_path / "out.png")
