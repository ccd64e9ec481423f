"""The opt-in ``leak_free`` test archive: training4.tar.gz with every sample's labels removed.

Each ``Sample<n>.zip`` at the tar's root is rewritten with its ``Sample<n>_data.mat`` holding
an empty ``Video.Labels`` (its fields kept, no gestures), as Kaggle's validation samples
have; every other zip member and tar member is copied byte for byte, with its metadata.
The .mat is read and written by scipy (MATLAB v5 format, compressed, the original's text
header kept), so its other fields keep their values though not necessarily their bytes.
Streamed member by member: one sample zip is in memory at a time.
"""

from __future__ import annotations

import copy
import gzip
import io
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import scipy.io

MAT_HEADER_BYTES = 116  # MATLAB 5 files: descriptive text, then version and byte order


def mat_without_labels(data: bytes, name: str) -> bytes:
    """A ``_data.mat`` file's bytes with ``Video.Labels`` emptied."""
    try:
        contents = scipy.io.loadmat(io.BytesIO(data))
    except (ValueError, NotImplementedError, TypeError) as err:
        raise ValueError(f"{name}: not a MATLAB 5 file scipy can read ({err})") from None
    video = contents.get("Video")
    if video is None or video.dtype.names is None or "Labels" not in video.dtype.names:
        raise ValueError(f"{name}: no struct Video with a Labels field")
    labels = video[0, 0]["Labels"]
    fields = labels.dtype if labels.dtype.names else np.dtype([("Name", object)])
    video[0, 0]["Labels"] = np.empty((1, 0), dtype=fields)
    variables = {key: value for key, value in contents.items() if not key.startswith("__")}
    out = io.BytesIO()
    scipy.io.savemat(out, variables, do_compression=True)
    return data[:MAT_HEADER_BYTES] + out.getvalue()[MAT_HEADER_BYTES:]


def sample_without_labels(data: bytes, name: str) -> bytes:
    """A ``Sample<n>.zip``'s bytes with its ``_data.mat`` labels removed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            member = source.read(info)
            if info.filename.endswith("_data.mat"):
                member = mat_without_labels(member, f"{name}/{info.filename}")
            dest.writestr(info, member)
    return out.getvalue()


def write_test_archive(source: Path, dest: Path) -> None:
    """``source`` (a tar.gz of sample zips) as ``dest`` without labels; deterministic."""
    with (
        tarfile.open(source, "r|*") as tar_in,
        open(dest, "wb") as raw_out,
        gzip.GzipFile(filename="", fileobj=raw_out, mode="wb", mtime=0) as gz_out,
        tarfile.open(fileobj=gz_out, mode="w", format=tarfile.PAX_FORMAT) as tar_out,
    ):
        for member in tar_in:
            stream = tar_in.extractfile(member) if member.isfile() else None
            path = PurePosixPath(member.name)
            if stream is None or len(path.parts) != 1 or path.suffix != ".zip":
                tar_out.addfile(member, stream)
                continue
            data = sample_without_labels(stream.read(), f"{source.name}/{member.name}")
            info = copy.copy(member)
            info.size = len(data)
            tar_out.addfile(info, io.BytesIO(data))
