"""tensorflow-speech-recognition-challenge: a tenth of the labelled clips becomes the test set.

As MLE-bench: every ``train/audio/<label>/*.wav`` in ``train.7z``, sorted by
``"<label>_<file name>"``, is split with ``train_test_split(test_size=0.1,
random_state=0)``; train clips keep their folders in ``public/train/audio/``; test clips
become ``public/test/audio/clip_<8-digit index>.wav``; answers are ``private/test.csv``
(``fname``, ``label``) and the sample submission says ``silence`` everywhere.

Two variants:

- ``mlebench`` (default): a test clip's label is its folder's name, as MLE-bench writes it
  (MLE-bench issue #63): words outside the ten commands (``bed``, ``cat``, ...) and
  ``_background_noise_`` are answers no submission in the twelve scored classes can match.
- ``twelve_classes`` (opt-in: ``MLE_PIPELINE_SPEECH_TWELVE_CLASSES=1`` or
  ``options.twelve_classes``): the answers are mapped onto Kaggle's twelve classes, the
  other words to ``unknown`` and ``_background_noise_`` to ``silence``. Public files are
  unchanged.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import scratch_dir, write_csv
from mle_pipeline.prepare.variants import opt_in
from mle_pipeline.sources.archive import extract

COMMANDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
NOISE = "_background_noise_"


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    twelve = opt_in(
        "tensorflow-speech-recognition-challenge",
        "MLE_PIPELINE_SPEECH_TWELVE_CLASSES",
        "twelve_classes",
    )
    return "twelve_classes" if twelve else "mlebench"


def scored_class(label: str) -> str:
    """Kaggle's scored class for a training folder name."""
    if label in COMMANDS:
        return label
    return "silence" if label == NOISE else "unknown"


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as tmp:
        scratch = Path(tmp)
        extract(raw / "train.7z", scratch)
        audio = scratch / "train" / "audio"
        clips = sorted(audio.rglob("*.wav"), key=lambda p: f"{p.parent.name}_{p.name}")
        if not clips:
            raise ValueError(f"{raw / 'train.7z'}: no train/audio/<label>/*.wav inside")
        train, test = train_test_split(clips, test_size=0.1, random_state=0)
        for clip in train:
            target = public / "train" / "audio" / clip.parent.name / clip.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(clip, target)
        (public / "test" / "audio").mkdir(parents=True, exist_ok=True)
        names = [f"clip_{index:08d}.wav" for index in range(len(test))]
        for clip, name in zip(test, names, strict=True):
            shutil.copyfile(clip, public / "test" / "audio" / name)

    labels = [clip.parent.name for clip in test]
    if variant() == "twelve_classes":
        labels = [scored_class(label) for label in labels]
    write_csv(pd.DataFrame({"fname": names, "label": labels}), private / "test.csv")
    write_csv(pd.DataFrame({"fname": names, "label": "silence"}), public / "sample_submission.csv")
