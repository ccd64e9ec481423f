"""Small helpers shared by the per-competition synthetic raw-data generators."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.archive import zip_folder


def rng(seed: int, salt: str) -> np.random.Generator:
    """A generator seeded by the sample seed and the competition id, stable across runs."""
    return np.random.default_rng([seed, *salt.encode()])


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def zip_single(path: Path, *, arcname: str | None = None, remove: bool = True) -> Path:
    """Wrap one file in ``<name>.zip`` (Kaggle often ships ``train.csv.zip``)."""
    archive = path.with_name(path.name + ".zip")
    info = zipfile.ZipInfo(arcname or path.name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(info, path.read_bytes())
    if remove:
        path.unlink()
    return archive


def zip_tree(folder: Path, archive: Path, *, remove: bool = True) -> Path:
    """Zip a folder as ``archive`` with the folder's own name as the top-level entry."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / folder.name
        shutil.copytree(folder, staged)
        zip_folder(Path(scratch), archive)
    if remove:
        shutil.rmtree(folder)
    return archive


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def hex_ids(gen: np.random.Generator, n: int, length: int = 32) -> list[str]:
    """``n`` distinct random lowercase hex strings of ``length`` characters (image ids)."""
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < n:
        candidate = "".join(gen.choice(list("0123456789abcdef"), length))
        if candidate not in seen:
            seen.add(candidate)
            ids.append(candidate)
    return ids


def write_image(pixels: np.ndarray, path: Path, **save_options) -> Path:
    """Save a uint8 array (H x W grey, or H x W x 3 RGB) with Pillow; format from the suffix.

    The bytes depend only on the pixels, the options and the Pillow version (JPEGs default
    to quality 90 here, so they are reproducible too).
    """
    from PIL import Image

    array = np.clip(np.asarray(pixels), 0, 255).astype(np.uint8)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        save_options.setdefault("quality", 90)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path, **save_options)
    return path


def pcm16(signal: np.ndarray) -> np.ndarray:
    """Floats in [-1, 1] (clipped) as 16-bit integer samples."""
    return np.round(np.clip(np.asarray(signal, dtype=float), -1, 1) * 32767).astype(np.int16)


def write_wav(signal: np.ndarray, path: Path, sample_rate: int = 16_000) -> Path:
    """A mono 16-bit PCM WAV file (stdlib ``wave``) from floats in [-1, 1]."""
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(pcm16(signal).astype("<i2").tobytes())
    return path


def write_aiff(signal: np.ndarray, path: Path, sample_rate: int = 2_000) -> Path:
    """A mono 16-bit big-endian AIFF file (FORM/COMM/SSND chunks) from floats in [-1, 1].

    Written by hand (the stdlib ``aifc`` module is deprecated); readers such as ``aifc``,
    soundfile and librosa accept it.
    """
    import struct

    if sample_rate <= 0:
        raise ValueError("sample_rate must be positive")
    frames = pcm16(signal).astype(">i2").tobytes()
    exponent = int(sample_rate).bit_length() - 1
    rate = struct.pack(">HQ", 16383 + exponent, int(sample_rate) << (63 - exponent))
    comm = struct.pack(">hLh", 1, len(frames) // 2, 16) + rate
    ssnd = struct.pack(">LL", 0, 0) + frames
    body = b"AIFF"
    for name, chunk in ((b"COMM", comm), (b"SSND", ssnd)):
        body += name + struct.pack(">L", len(chunk)) + chunk + b"\0" * (len(chunk) % 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"FORM" + struct.pack(">L", len(body)) + body)
    return path
