"""Synthetic right-whale-redux download: train2.zip, test2.zip (AIFF clips), sampleSubmission.csv.

Clips are 2 kHz mono 16-bit AIFF, a few hundred samples long; up-calls (label 1) carry a
rising tone over background noise, noise clips (label 0) carry noise and sometimes a flat tone.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_aiff, write_csv, zip_tree

SAMPLE_RATE = 2_000
TRAIN_DAYS = ["20090328", "20090329", "20090330", "20090331"]
TEST_DAYS = ["20090404", "20090405", "20090406"]


def _clip(gen: np.random.Generator, whale: bool, n_samples: int) -> np.ndarray:
    t = np.arange(n_samples) / SAMPLE_RATE
    signal = gen.normal(0, 0.15, n_samples)
    if whale:
        start, end = gen.uniform(80, 120), gen.uniform(200, 260)
        sweep = start * t + (end - start) * t**2 / (2 * t[-1])
        signal += 0.35 * np.sin(2 * np.pi * sweep)
    elif gen.random() < 0.3:
        signal += 0.2 * np.sin(2 * np.pi * gen.uniform(60, 300) * t)
    return signal


def _day_stamps(gen: np.random.Generator, day: str, n: int) -> list[str]:
    """``n`` time-ordered ``YYYYMMDD_HHMMSS_<sec>s<tenth>ms`` prefixes within one day."""
    blocks = np.sort(gen.integers(0, 96, n))  # 15-minute recordings
    offsets = gen.integers(0, 9000, n)
    order = np.lexsort((offsets, blocks))
    stamps = []
    for i in order:
        block, offset = int(blocks[i]), int(offsets[i])
        hhmmss = f"{block // 4:02d}{(block % 4) * 15:02d}00"
        stamps.append(f"{day}_{hhmmss}_{offset // 10:03d}s{offset % 10}ms")
    return stamps


def generate(
    out_dir: Path,
    seed: int = 0,
    per_train_day: int = 24,
    per_test_day: int = 8,
    n_samples: int = 400,
) -> None:
    gen = rng(seed, "the-icml-2013-whale-challenge-right-whale-redux")
    index = 0
    for day in TRAIN_DAYS:
        labels = (gen.random(per_train_day) < 0.3).astype(int)
        labels[:2] = [0, 1]  # every day holds both kinds of clip
        gen.shuffle(labels)
        for stamp, label in zip(_day_stamps(gen, day, per_train_day), labels, strict=True):
            path = out_dir / "train2" / f"{stamp}_TRAIN{index}_{label}.aif"
            write_aiff(_clip(gen, bool(label), n_samples), path, SAMPLE_RATE)
            index += 1

    test_names = []
    for day in TEST_DAYS:
        for stamp in _day_stamps(gen, day, per_test_day):
            name = f"{stamp}_Test{len(test_names)}.aif"
            clip = _clip(gen, gen.random() < 0.3, n_samples)
            write_aiff(clip, out_dir / "test2" / name, SAMPLE_RATE)
            test_names.append(name)

    sample = pd.DataFrame({"clip": test_names, "probability": 0})
    write_csv(sample, out_dir / "sampleSubmission.csv")
    zip_tree(out_dir / "train2", out_dir / "train2.zip")
    zip_tree(out_dir / "test2", out_dir / "test2.zip")
