"""Synthetic tensorflow-speech-recognition-challenge download: train.7z, test.7z,
sample_submission.7z and link_to_gcp_credits_form.txt, as Kaggle ships them.

``train.7z`` holds ``train/audio/<word>/<speaker>_nohash_<n>.wav`` (one-second 16 kHz
16-bit mono clips) for the ten commands and a few other words, ``train/audio/
_background_noise_/`` (longer noise recordings and a README.md), ``train/
validation_list.txt``, ``train/testing_list.txt``, ``train/LICENSE`` and
``train/README.md``. Each word is a tone pair of its own over noise, so a model on
the spectrum learns it. ``test.7z`` holds ``test/audio/clip_<hex>.wav``.
"""

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.archive import seven_zip_folder
from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_wav

COMMANDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
OTHER_WORDS = ["bed", "bird", "cat"]
RATE = 16_000


def _clip(gen: np.random.Generator, word_index: int | None, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    signal = gen.normal(0, 0.05, t.size)
    if word_index is not None:
        base = 200 + 90 * word_index
        envelope = np.exp(-(((t - 0.5) / 0.2) ** 2))
        signal += (
            0.3 * envelope * (np.sin(2 * np.pi * base * t) + np.sin(2 * np.pi * 2.7 * base * t))
        )
    return signal


def generate(
    out_dir: Path, seed: int = 0, per_command: int = 6, per_other: int = 3, n_test: int = 6
) -> None:
    gen = rng(seed, "tensorflow-speech-recognition-challenge")
    words = COMMANDS + OTHER_WORDS
    speakers = hex_ids(gen, max(per_command, per_other), 8)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        train = Path(scratch) / "train"
        audio = train / "audio"
        listed = []
        for index, word in enumerate(words):
            for speaker in speakers[: per_command if word in COMMANDS else per_other]:
                name = f"{speaker}_nohash_{int(gen.integers(0, 3))}.wav"
                write_wav(_clip(gen, index), audio / word / name, RATE)
                listed.append(f"{word}/{name}")
        for name in ("white_noise.wav", "running_tap.wav"):
            write_wav(_clip(gen, None, seconds=2.0), audio / "_background_noise_" / name, RATE)
        (audio / "_background_noise_" / "README.md").write_text(
            "Longer recordings of noise, for mixing into clips or cutting into silence.\n"
        )
        (train / "validation_list.txt").write_text("\n".join(listed[::10]) + "\n")
        (train / "testing_list.txt").write_text("\n".join(listed[5::10]) + "\n")
        (train / "LICENSE").write_text("Creative Commons BY 4.0 (synthetic stand-in)\n")
        (train / "README.md").write_text("Synthetic speech commands: one-second clips.\n")
        seven_zip_folder(train, out_dir / "train.7z")

        test = Path(scratch) / "test"
        clips = [f"clip_{h}.wav" for h in hex_ids(gen, n_test, 9)]
        for name in clips:
            write_wav(_clip(gen, int(gen.integers(0, len(words)))), test / "audio" / name, RATE)
        seven_zip_folder(test, out_dir / "test.7z")

        sample = Path(scratch) / "sample" / "sample_submission.csv"
        write_csv(pd.DataFrame({"fname": clips, "label": "silence"}), sample)
        seven_zip_folder(sample.parent, out_dir / "sample_submission.7z", top_level=False)
    (out_dir / "link_to_gcp_credits_form.txt").write_text("(synthetic: no link)\n")
