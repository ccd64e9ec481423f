"""Synthetic freesound-audio-tagging-2019 download: train_curated.csv and train_noisy.csv
(``fname``, ``labels``: comma-separated class names), sample_submission.csv (``fname`` and
one column per class, Kaggle's order), and mono 16-bit WAV clips zipped flat in
train_curated.zip, train_noisy.zip and test.zip.

Kaggle's download has no test labels; MLE-bench fetches them from Zenodo
(``FSDKaggle2019.meta.zip``, holding ``FSDKaggle2019.meta/test_post_competition.csv``). The
sample ships that archive in the download, so it prepares offline. Each class is a tone of
its own pitch; a clip mixes the tones of its labels (the noisy subset with a wrong label
now and then), so a spectrum tells the classes apart.
"""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_wav

# Kaggle's 80 classes, in sample_submission.csv's column order.
CLASSES = [
    "Accelerating_and_revving_and_vroom", "Accordion", "Acoustic_guitar", "Applause", "Bark",
    "Bass_drum", "Bass_guitar", "Bathtub_(filling_or_washing)", "Bicycle_bell",
    "Burping_and_eructation", "Bus", "Buzz", "Car_passing_by", "Cheering",
    "Chewing_and_mastication", "Child_speech_and_kid_speaking", "Chink_and_clink",
    "Chirp_and_tweet", "Church_bell", "Clapping", "Computer_keyboard", "Crackle", "Cricket",
    "Crowd", "Cupboard_open_or_close", "Cutlery_and_silverware", "Dishes_and_pots_and_pans",
    "Drawer_open_or_close", "Drip", "Electric_guitar", "Fart", "Female_singing",
    "Female_speech_and_woman_speaking", "Fill_(with_liquid)", "Finger_snapping", "Frying_(food)",
    "Gasp", "Glockenspiel", "Gong", "Gurgling", "Harmonica", "Hi-hat", "Hiss", "Keys_jangling",
    "Knock", "Male_singing", "Male_speech_and_man_speaking", "Marimba_and_xylophone",
    "Mechanical_fan", "Meow", "Microwave_oven", "Motorcycle", "Printer", "Purr",
    "Race_car_and_auto_racing", "Raindrop", "Run", "Scissors", "Screaming", "Shatter", "Sigh",
    "Sink_(filling_or_washing)", "Skateboard", "Slam", "Sneeze", "Squeak", "Stream", "Strum",
    "Tap", "Tick-tock", "Toilet_flush", "Traffic_noise_and_roadway_noise",
    "Trickle_and_dribble", "Walk_and_footsteps", "Water_tap_and_faucet", "Waves_and_surf",
    "Whispering", "Writing", "Yell", "Zipper_(clothing)",
]  # fmt: skip
META = "FSDKaggle2019.meta"
SAMPLE_RATE = 44_100


def _labels(gen: np.random.Generator) -> list[str]:
    count = int(gen.choice([1, 1, 1, 2, 3]))
    return [CLASSES[i] for i in sorted(gen.choice(len(CLASSES), count, replace=False))]


def _clip(gen: np.random.Generator, labels: list[str], n_samples: int) -> np.ndarray:
    t = np.arange(n_samples) / SAMPLE_RATE
    signal = gen.normal(0, 0.05, n_samples)
    for label in labels:
        signal += 0.3 * np.sin(2 * np.pi * (200 + 40 * CLASSES.index(label)) * t)
    return signal


def _zip_clips(clips: dict[str, bytes], archive: Path) -> None:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in clips.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(2019, 4, 1, 0, 0, 0)), data)


def _wav_bytes(signal: np.ndarray, scratch: Path) -> bytes:
    path = write_wav(signal, scratch / "clip.wav", SAMPLE_RATE)
    data = path.read_bytes()
    path.unlink()
    return data


def _subset(gen, names: list[str], n_samples: int, scratch: Path, noisy: bool = False):
    labels, clips = [], {}
    for name in names:
        truth = _labels(gen)
        heard = _labels(gen) if noisy and gen.random() < 0.3 else truth
        labels.append(",".join(heard))
        clips[name] = _wav_bytes(_clip(gen, truth, n_samples), scratch)
    return pd.DataFrame({"fname": names, "labels": labels}), clips


def generate(
    out_dir: Path,
    seed: int = 0,
    n_curated: int = 60,
    n_noisy: int = 60,
    n_test: int = 20,
    n_samples: int = 2_205,
) -> None:
    """``n_samples`` per clip (Kaggle's clips: 0.3-30 s at 44.1 kHz; here 0.05 s)."""
    gen = rng(seed, "freesound-audio-tagging-2019")
    scratch = out_dir / ".clips"
    n_public = n_test // 2
    names = [f"{h}.wav" for h in hex_ids(gen, n_curated + n_noisy + n_test + n_public, 8)]
    curated, noisy, test_names, public_names = (
        list(part) for part in np.split(names, np.cumsum([n_curated, n_noisy, n_test]))
    )
    for name, subset in (("train_curated", curated), ("train_noisy", noisy)):
        table, clips = _subset(gen, subset, n_samples, scratch, noisy=subset is noisy)
        write_csv(table, out_dir / f"{name}.csv")
        _zip_clips(clips, out_dir / f"{name}.zip")
    # Zenodo's test labels: the download's test clips are its "Private" rows; "Public" rows
    # name clips the download does not hold.
    test, clips = _subset(gen, test_names, n_samples, scratch)
    _zip_clips(clips, out_dir / "test.zip")
    scratch.rmdir()
    public = pd.DataFrame({"fname": public_names})
    public["labels"] = [",".join(_labels(gen)) for _ in range(len(public))]
    meta = pd.concat([test.assign(usage="Private"), public.assign(usage="Public")])
    meta = meta.sample(frac=1, random_state=int(gen.integers(2**31)))
    meta["freesound_id"] = gen.integers(10_000, 450_000, len(meta))
    meta["license"] = "CC-BY"
    text = io.StringIO()
    meta.to_csv(text, index=False)
    with zipfile.ZipFile(out_dir / f"{META}.zip", "w", zipfile.ZIP_DEFLATED) as out:
        info = zipfile.ZipInfo(f"{META}/test_post_competition.csv", (2020, 1, 16, 0, 0, 0))
        out.writestr(info, text.getvalue())
    sample = pd.DataFrame(0, index=range(n_test), columns=["fname", *CLASSES])
    sample["fname"] = test["fname"].sort_values().to_numpy()
    write_csv(sample, out_dir / "sample_submission.csv")
