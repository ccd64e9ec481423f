"""Archives from a source are not trusted: bombs, escapes, duplicates, corrupt streams.

Bombs are built small (a limit lowered by environment) except in the slow test, which
streams a real 10 GB member of zeros into a ~10 MB zip.
"""

from __future__ import annotations

import os
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import py7zr
import pytest

from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import ensure_raw
from mle_pipeline.registry import get_competition
from mle_pipeline.sources import archive as archive_mod
from mle_pipeline.sources.archive import ArchiveRefused, check_zip, extract
from mle_pipeline.sources.base import SourceError
from mle_pipeline.sources.sample import SampleSource

MB = 1 << 20


def _zeros_zip(path: Path, size: int, name: str = "zeros.bin") -> Path:
    """A zip holding ``size`` zero bytes, written in 1 MiB pieces (never held in memory)."""
    block = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as handle:
        with handle.open(name, "w", force_zip64=True) as out:
            for _ in range(size // MB):
                out.write(block)
    return path


def _written(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_declared_bomb_is_refused_before_anything_is_written(tmp_path, monkeypatch) -> None:
    bomb = _zeros_zip(tmp_path / "bomb.zip", 200 * MB)
    assert bomb.stat().st_size < 1 * MB
    monkeypatch.setenv(archive_mod.MAX_BYTES_ENV, str(50 * MB))
    with pytest.raises(ArchiveRefused, match="declare 209715200 uncompressed bytes") as caught:
        extract(bomb, tmp_path / "out")
    assert str(bomb) in str(caught.value) and "download it again" in str(caught.value)
    assert _written(tmp_path / "out") == 0


def test_ratio_limit_stops_a_bomb_under_the_absolute_cap(tmp_path, monkeypatch) -> None:
    bomb = _zeros_zip(tmp_path / "bomb.zip", 64 * MB)
    monkeypatch.setattr(archive_mod, "MIN_LIMIT", 4 * MB)  # stands in for 1 GiB at 1/256 size
    assert archive_mod.extract_limit(bomb) == 100 * bomb.stat().st_size
    with pytest.raises(ArchiveRefused, match="over the extraction limit"):
        extract(bomb, tmp_path / "out")


def test_bytes_are_counted_while_writing(tmp_path, monkeypatch) -> None:
    """Were the declared sizes trusted (here: not checked), writing still stops at the limit."""
    monkeypatch.setattr(archive_mod, "_check_declared", lambda *args: None)
    zipped = _zeros_zip(tmp_path / "bomb.zip", 40 * MB)
    seven = tmp_path / "bomb.7z"
    (tmp_path / "zeros.bin").write_bytes(bytes(40 * MB))
    with py7zr.SevenZipFile(seven, "w") as handle:
        handle.write(tmp_path / "zeros.bin", "zeros.bin")
    for bomb in (zipped, seven):
        out = tmp_path / f"out-{bomb.suffix[1:]}"
        with pytest.raises(ArchiveRefused, match="decompresses past the extraction limit"):
            extract(bomb, out, limit=8 * MB)
        assert _written(out) <= 8 * MB


def test_a_member_larger_than_declared_is_refused(tmp_path) -> None:
    """Central directory says 1000 bytes; the stream holds 10 MB: read no further, refuse."""
    bomb = _zeros_zip(tmp_path / "liar.zip", 10 * MB)
    data = bytearray(bomb.read_bytes())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        struct.pack_into("<I", data, at + offset, 1000)  # uncompressed size (zip64 aside)
    bomb.write_bytes(bytes(data))
    with zipfile.ZipFile(bomb) as handle:
        assert handle.infolist()[0].file_size == 1000
    with pytest.raises(SourceError, match="corrupt"):
        extract(bomb, tmp_path / "out")
    assert _written(tmp_path / "out") == 0  # the partial member is removed


def test_7z_declared_bomb_is_refused(tmp_path, monkeypatch) -> None:
    (tmp_path / "zeros.bin").write_bytes(bytes(30 * MB))
    bomb = tmp_path / "bomb.7z"
    with py7zr.SevenZipFile(bomb, "w") as handle:
        handle.write(tmp_path / "zeros.bin", "zeros.bin")
    monkeypatch.setenv(archive_mod.MAX_BYTES_ENV, str(10 * MB))
    with pytest.raises(ArchiveRefused, match="over the extraction limit"):
        extract(bomb, tmp_path / "out")
    assert _written(tmp_path / "out") == 0


def test_nested_bomb_is_refused_when_the_inner_archive_is_extracted(tmp_path, monkeypatch):
    inner = _zeros_zip(tmp_path / "train.zip", 100 * MB)
    outer = tmp_path / "download.zip"
    with zipfile.ZipFile(outer, "w") as handle:
        handle.write(inner, "train.zip")
    monkeypatch.setenv(archive_mod.MAX_BYTES_ENV, str(20 * MB))
    extract(outer, tmp_path / "raw")  # the outer archive itself is small
    with pytest.raises(ArchiveRefused, match="train.zip"):
        extract(tmp_path / "raw" / "train.zip", tmp_path / "work")


def _zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in members:
            handle.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ([("../evil.txt", b"x")], "would escape"),
        ([("/etc/evil.txt", b"x")], "would escape"),
        ([("a/../../evil.txt", b"x")], "would escape"),
        ([("a.csv", b"1"), ("a.csv", b"2")], "appears twice"),
        ([], "empty"),
    ],
)
def test_hostile_members_are_refused(tmp_path, members, words) -> None:
    with pytest.warns(UserWarning) if len(members) == 2 else _nothing():
        bad = _zip(tmp_path / "bad.zip", members)
    for call in (lambda: extract(bad, tmp_path / "out"), lambda: check_zip(bad)):
        with pytest.raises(SourceError, match=words) as caught:
            call()
        assert str(bad) in str(caught.value) and "download it again" in str(caught.value)
    assert not (tmp_path / "evil.txt").exists()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def _corrupt_deflate(path: Path) -> Path:
    text = b"".join(b"%d,%d\n" % (i, i * i) for i in range(200_000))
    _zip(path, [("train.csv", text)])
    data = bytearray(path.read_bytes())
    start = data.find(b"train.csv") + len("train.csv")
    for i in range(start + 2000, start + 2400):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def test_a_corrupt_deflate_stream_is_a_clear_error(tmp_path) -> None:
    bad = _corrupt_deflate(tmp_path / "bad.zip")
    for call in (lambda: extract(bad, tmp_path / "out"), lambda: check_zip(bad)):
        with pytest.raises(SourceError) as caught:
            call()
        message = str(caught.value)
        assert str(bad) in message and "download it again" in message
        assert type(caught.value).__name__ != "error"


@dataclass(frozen=True)
class _Source:
    """A source whose download is a given zip (or a good sample when ``bad`` is None)."""

    bad: Path | None
    name: str = "sample"

    @property
    def is_sample(self) -> bool:
        return True

    def fetch(self, competition, dest_zip: Path) -> None:
        if self.bad is None:
            SampleSource().fetch(competition, dest_zip)
        else:
            dest_zip.parent.mkdir(parents=True, exist_ok=True)
            dest_zip.write_bytes(self.bad.read_bytes())


@pytest.mark.parametrize("kind", ["escape", "empty", "duplicate", "corrupt"])
def test_a_rejected_download_does_not_poison_the_next_run(tmp_path, kind) -> None:
    if kind == "corrupt":
        bad = _corrupt_deflate(tmp_path / "bad.zip")
    else:
        members = {
            "escape": [("../../evil.csv", b"x")],
            "empty": [],
            "duplicate": [("train.csv", b"a"), ("train.csv", b"b")],
        }[kind]
        with pytest.warns(UserWarning) if kind == "duplicate" else _nothing():
            bad = _zip(tmp_path / "bad.zip", members)
    layout = DataLayout(tmp_path / "data")
    competition = get_competition("spaceship-titanic")
    with pytest.raises(SourceError, match="the next run fetches it again"):
        ensure_raw(competition, layout, _Source(bad))
    assert not layout.download_zip(competition.id).exists()
    manifest = ensure_raw(competition, layout, _Source(None))
    assert not manifest.reused and manifest.files


@pytest.mark.slow
def test_ten_gigabytes_of_zeros_in_a_small_zip_are_refused_by_default(tmp_path) -> None:
    os.environ.pop(archive_mod.MAX_BYTES_ENV, None)
    bomb = _zeros_zip(tmp_path / "bomb.zip", 10 << 30)
    assert bomb.stat().st_size < 20 * MB
    with pytest.raises(ArchiveRefused, match="over the extraction limit"):
        extract(bomb, tmp_path / "out")
    assert _written(tmp_path / "out") == 0


def test_a_corrupt_7z_stream_is_a_clear_error(tmp_path) -> None:
    text = tmp_path / "train.csv"
    text.write_bytes(b"".join(b"%d,%d\n" % (i, i * i) for i in range(200_000)))
    good = tmp_path / "good.7z"
    with py7zr.SevenZipFile(good, "w") as handle:
        handle.write(text, "train.csv")
    data = bytearray(good.read_bytes())
    for i in range(2000, 2400):
        data[i] ^= 0x5A
    bad = tmp_path / "bad.7z"
    bad.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="download it again") as caught:
        extract(bad, tmp_path / "out")
    assert str(bad) in str(caught.value)
    extract(good, tmp_path / "fine")
    assert (tmp_path / "fine" / "train.csv").read_bytes() == text.read_bytes()
