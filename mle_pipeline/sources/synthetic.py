"""Small helpers shared by the per-competition synthetic raw-data generators."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.rle import rle_encode as rle_encode  # re-exported for the generators
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


# DICOM keywords write_dicom accepts, with their (group, element) tag and value representation.
_DICOM_KEYWORDS = {
    "SOPClassUID": (0x0008, 0x0016, "UI"),
    "SOPInstanceUID": (0x0008, 0x0018, "UI"),
    "StudyDate": (0x0008, 0x0020, "DA"),
    "Modality": (0x0008, 0x0060, "CS"),
    "PatientName": (0x0010, 0x0010, "PN"),
    "PatientID": (0x0010, 0x0020, "LO"),
    "PatientSex": (0x0010, 0x0040, "CS"),
    "PatientAge": (0x0010, 0x1010, "AS"),
    "BodyPartExamined": (0x0018, 0x0015, "CS"),
    "StudyInstanceUID": (0x0020, 0x000D, "UI"),
    "SeriesInstanceUID": (0x0020, 0x000E, "UI"),
    "InstanceNumber": (0x0020, 0x0013, "IS"),
}


def _dicom_element(group: int, element: int, vr: str, value: bytes) -> bytes:
    """One explicit-VR little-endian data element, its value padded to an even length."""
    import struct

    if len(value) % 2:
        value += b"\0" if vr in ("UI", "OB") else b" "
    if vr in ("OB", "OW", "OF", "SQ", "UT", "UN"):
        return struct.pack("<HH2sHI", group, element, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, element, vr.encode(), len(value)) + value


def write_dicom(pixels: np.ndarray, path: Path, **elements: str) -> Path:
    """A minimal uncompressed DICOM file (Part 10, explicit VR little endian) written by hand.

    ``pixels``: H x W grey (uint16 kept as 16-bit, anything else clipped to 8-bit) or
    H x W x 3 RGB (8-bit). ``elements``: string values for the keywords in
    ``_DICOM_KEYWORDS`` (PatientID, PatientSex, SOPInstanceUID, ...). pydicom reads the result;
    it is not a dependency of the pipeline only to write the samples' few tags.
    """
    import struct

    array = np.asarray(pixels)
    if array.dtype != np.uint16 or array.ndim != 2:
        array = np.clip(array, 0, 255).astype(np.uint8)
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] != 3):
        raise ValueError(f"pixels must be H x W or H x W x 3, not {array.shape}")
    unknown = sorted(set(elements) - set(_DICOM_KEYWORDS))
    if unknown:
        raise ValueError(f"unsupported DICOM keywords {unknown}; known: {sorted(_DICOM_KEYWORDS)}")
    values = {"SOPClassUID": "1.2.840.10008.5.1.4.1.1.7", "SOPInstanceUID": "2.25.1", **elements}
    bits = array.itemsize * 8

    def us(number: int) -> bytes:
        return struct.pack("<H", number)

    tagged = [(*_DICOM_KEYWORDS[key], str(value).encode("ascii")) for key, value in values.items()]
    tagged += [
        (0x0028, 0x0002, "US", us(3 if array.ndim == 3 else 1)),
        (0x0028, 0x0004, "CS", b"RGB" if array.ndim == 3 else b"MONOCHROME2"),
        (0x0028, 0x0010, "US", us(array.shape[0])),
        (0x0028, 0x0011, "US", us(array.shape[1])),
        (0x0028, 0x0100, "US", us(bits)),
        (0x0028, 0x0101, "US", us(bits)),
        (0x0028, 0x0102, "US", us(bits - 1)),
        (0x0028, 0x0103, "US", us(0)),
        (0x7FE0, 0x0010, "OB" if bits == 8 else "OW", array.astype(f"<u{bits // 8}").tobytes()),
    ]
    if array.ndim == 3:
        tagged.append((0x0028, 0x0006, "US", us(0)))
    dataset = b"".join(_dicom_element(*item) for item in sorted(tagged))
    meta = b"".join(
        _dicom_element(0x0002, element, vr, value)
        for element, vr, value in (
            (0x0001, "OB", b"\0\1"),
            (0x0002, "UI", values["SOPClassUID"].encode("ascii")),
            (0x0003, "UI", values["SOPInstanceUID"].encode("ascii")),
            (0x0010, "UI", b"1.2.840.10008.1.2.1"),
            (0x0012, "UI", b"2.25.0"),
        )
    )
    group_length = _dicom_element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 128 + b"DICM" + group_length + meta + dataset)
    return path


# NIfTI-1 datatype codes of the numpy types write_nifti accepts.
_NIFTI_TYPES = {np.dtype(np.uint8): 2, np.dtype(np.int16): 4, np.dtype(np.float32): 16}


def write_nifti(volume: np.ndarray, path: Path, spacing: tuple[float, float, float]) -> Path:
    """A single-file NIfTI-1 volume (``.nii``: 348-byte header, 4 empty extension bytes, the
    voxels in Fortran order) written by hand; nibabel reads it. ``volume``: 3-D uint8, int16
    or float32; ``spacing``: voxel size in mm (the affine is that diagonal scaling).
    """
    import struct

    array = np.asarray(volume)
    if array.ndim != 3 or array.dtype not in _NIFTI_TYPES:
        raise ValueError(f"volume must be 3-D uint8, int16 or float32, not {array.dtype}")
    header = bytearray(348)
    struct.pack_into("<i", header, 0, 348)
    struct.pack_into("<8h", header, 40, 3, *array.shape, 1, 1, 1, 1)
    struct.pack_into("<hh", header, 70, _NIFTI_TYPES[array.dtype], array.itemsize * 8)
    struct.pack_into("<8f", header, 76, 1.0, *spacing, 0, 0, 0, 0)
    struct.pack_into("<f", header, 108, 352.0)  # vox_offset: data right after the header
    struct.pack_into("<f", header, 112, 1.0)  # scl_slope
    struct.pack_into("<B", header, 123, 2)  # xyzt_units: millimetres
    struct.pack_into("<h", header, 254, 1)  # sform_code: scanner coordinates
    for row, size in enumerate(spacing):
        srow = [0.0, 0.0, 0.0, 0.0]
        srow[row] = size
        struct.pack_into("<4f", header, 280 + 16 * row, *srow)
    header[344:348] = b"n+1\0"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        bytes(header) + b"\0" * 4 + array.astype(array.dtype.newbyteorder("<")).tobytes(order="F")
    )
    return path
