"""Synthetic multi-modal-gesture-recognition download in Kaggle's layout.

``training1..4.tar.gz`` and ``validation1..3.tar.gz`` hold per-sample zips at their root,
``Sample<5 digits>.zip``, each with ``Sample<n>_audio.wav``, ``_color.mp4``, ``_depth.mp4``,
``_user.mp4`` (container stubs: no video is encoded) and ``_data.mat``: a MATLAB struct
``Video`` (NumFrames, FrameRate, MaxDepth, Frames with each frame's Skeleton, and Labels:
Name, Begin, End per gesture; empty in validation samples). training.csv (``Id``: the
sample's last four digits, ``Sequence``: its gesture numbers 1-20 separated by spaces),
test.csv and randomPredictions.csv list the validation samples; devel01-40.7z,
valid_all_files_combined.7z and sample_code_mmrgc.zip stand in for the other archives.

While a gesture is performed, the right hand's world position follows a path of that
gesture's own height and sway, so the skeleton tells the gestures apart.
"""

import gzip
import io
import shutil
import tarfile
import wave
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.io

from mle_pipeline.sources.archive import seven_zip_folder
from mle_pipeline.sources.synthetic import pcm16, rng, write_csv

GESTURES = [
    "vattene", "vieniqui", "perfetto", "furbo", "cheduepalle", "chevuoi", "daccordo",
    "seipazzo", "combinato", "freganiente", "ok", "cosatifarei", "basta", "prendere",
    "noncenepiu", "fame", "tantotempo", "buonissimo", "messidaccordo", "sonostufo",
]  # fmt: skip
JOINTS = 20
HAND_RIGHT = 11
FRAMES_PER_GESTURE = 12
STAMP = (2013, 5, 20, 0, 0, 0)
MAT_HEADER = b"MATLAB 5.0 MAT-file, Platform: posix, Created on: Mon May 20 00:00:00 2013"
MP4_STUB = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08mdat"


def _frames(gen: np.random.Generator, n_frames: int, spans: list[tuple[int, int, int]]):
    """A 1 x n struct array of frames, each with a Skeleton (positions of 20 joints)."""
    frames = np.empty((1, n_frames), dtype=[("Skeleton", object)])
    world = np.tile(gen.normal(0, 0.3, (JOINTS, 3)), (n_frames, 1, 1))
    world += gen.normal(0, 0.01, world.shape)
    for gesture, begin, end in spans:
        t = np.linspace(0, np.pi, end - begin + 1)
        world[begin - 1 : end, HAND_RIGHT, 1] += 0.05 * gesture * np.sin(t)
        world[begin - 1 : end, HAND_RIGHT, 0] += 0.1 * np.sin(gesture * t)
    for i in range(n_frames):
        skeleton = np.empty((1, 1), dtype=[(n, object) for n in ("JointType", "WorldPosition")])
        skeleton[0, 0] = (np.array(["HipCenter"] * JOINTS, dtype=object)[:, None], world[i])
        frames[0, i] = (skeleton,)
    return frames


def _data_mat(gen: np.random.Generator, sequence: list[int], labelled: bool) -> bytes:
    spans, frame = [], int(gen.integers(5, 15))
    for gesture in sequence:
        spans.append((gesture, frame, frame + FRAMES_PER_GESTURE - 1))
        frame += FRAMES_PER_GESTURE + int(gen.integers(2, 10))
    n_frames = frame + 5
    fields = [(field, object) for field in ("Name", "Begin", "End")]
    labels = np.empty((1, len(spans) if labelled else 0), dtype=fields)
    for i, (gesture, begin, end) in enumerate(spans if labelled else []):
        labels[0, i] = (GESTURES[gesture - 1], begin, end)
    video = {
        "NumFrames": n_frames,
        "FrameRate": 20,
        "MaxDepth": 3500,
        "Frames": _frames(gen, n_frames, spans),
        "Labels": labels,
    }
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {"Video": video}, do_compression=True)
    # The 116-byte text header carries the time of writing: fixed, so samples reproduce.
    return MAT_HEADER.ljust(116) + buffer.getvalue()[116:]


def _wav_bytes(signal: np.ndarray, sample_rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(pcm16(signal).astype("<i2").tobytes())
    return buffer.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(zipfile.ZipInfo(member, STAMP), data)
    return buffer.getvalue()


def _sample_zip(gen: np.random.Generator, name: str, sequence: list[int], labelled: bool) -> bytes:
    return _zip_bytes(
        {
            f"{name}_audio.wav": _wav_bytes(gen.normal(0, 0.1, 1600)),
            f"{name}_color.mp4": MP4_STUB,
            f"{name}_depth.mp4": MP4_STUB,
            f"{name}_user.mp4": MP4_STUB,
            f"{name}_data.mat": _data_mat(gen, sequence, labelled),
        }
    )


def _tar_gz(members: dict[str, bytes], path: Path) -> None:
    """A gzipped tar of ``members`` at its root, with fixed times and owners."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        with tarfile.open(fileobj=stream, mode="w") as tar:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), 1_368_000_000, 0o644
                tar.addfile(info, io.BytesIO(data))


def _sequence(gen: np.random.Generator) -> list[int]:
    return [int(g) for g in gen.integers(1, len(GESTURES) + 1, int(gen.integers(3, 9)))]


def generate(
    out_dir: Path, seed: int = 0, samples_per_archive: int = 5, n_validation: int = 3
) -> None:
    """Four training archives of ``samples_per_archive`` samples (Kaggle's: about 100 each)
    and three validation archives of ``n_validation``."""
    gen = rng(seed, "multi-modal-gesture-recognition")
    out_dir.mkdir(parents=True, exist_ok=True)
    number, training, validation = 1, [], []
    for archive in range(1, 5):
        members = {}
        for _ in range(samples_per_archive):
            name, sequence = f"Sample{number:05d}", _sequence(gen)
            members[f"{name}.zip"] = _sample_zip(gen, name, sequence, labelled=True)
            training.append((f"{number:04d}", " ".join(map(str, sequence))))
            number += int(gen.integers(1, 4))
        _tar_gz(members, out_dir / f"training{archive}.tar.gz")
    combined = out_dir / "valid_all_files_combined"
    for archive in range(1, 4):
        members = {}
        for _ in range(n_validation):
            name = f"Sample{number:05d}"
            members[f"{name}.zip"] = _sample_zip(gen, name, _sequence(gen), labelled=False)
            (combined / f"{name}.zip").parent.mkdir(exist_ok=True)
            (combined / f"{name}.zip").write_bytes(members[f"{name}.zip"])
            validation.append(f"{number:04d}")
            number += 1
        _tar_gz(members, out_dir / f"validation{archive}.tar.gz")
    seven_zip_folder(combined, out_dir / "valid_all_files_combined.7z", top_level=False)
    shutil.rmtree(combined)
    write_csv(pd.DataFrame(training, columns=["Id", "Sequence"]), out_dir / "training.csv")
    write_csv(pd.DataFrame({"Id": validation}), out_dir / "test.csv")
    guesses = [" ".join(map(str, gen.permutation(20) + 1)) for _ in validation]
    random = pd.DataFrame({"Id": validation, "Sequence": guesses})
    write_csv(random, out_dir / "randomPredictions.csv")
    devel = out_dir / "devel01-40"
    for batch in range(1, 3):
        (devel / f"devel{batch:02d}").mkdir(parents=True)
        for kind in ("K", "M"):
            (devel / f"devel{batch:02d}" / f"{kind}_1.avi").write_bytes(b"RIFF\x04\x00\x00\x00AVI ")
    seven_zip_folder(devel, out_dir / "devel01-40.7z", top_level=False)
    shutil.rmtree(devel)
    code = {"sample_code_mmrgc/main.m": b"% Matlab sample code (stand-in)\n"}
    (out_dir / "sample_code_mmrgc.zip").write_bytes(_zip_bytes(code))
