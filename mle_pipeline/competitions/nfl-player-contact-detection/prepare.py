"""nfl-player-contact-detection: a tenth of the labelled plays become the test set.

As in MLE-bench: ``train_test_split`` of train_labels.csv's distinct ``game_play`` values
(in order of first appearance, ``test_size=0.1``, ``random_state=0``). Labels, baseline
helmets, player tracking and video metadata are filtered by play into public ``train_*``
and ``test_*`` files (the test labels go to private ``test.csv``); the three videos of each
labelled play (All29, Endzone, Sideline) are copied byte for byte into public ``train/`` or
``test/``. The sample submission predicts no contact. Kaggle's own test plays are not used.
"""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import copy_named_files, write_csv

TABLES = ["baseline_helmets", "player_tracking", "video_metadata"]
VIEWS = ["All29", "Endzone", "Sideline"]


def _read(path: Path) -> pd.DataFrame:
    # MLE-bench reads these with pandas' default float parser, not round-trip.
    frame = pd.read_csv(path)
    if "game_play" not in frame.columns:
        raise ValueError(f"{path}: no game_play column (columns: {list(frame.columns)})")
    return frame


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = _read(raw / "train_labels.csv")
    train_plays, test_plays = train_test_split(
        labels["game_play"].unique(), test_size=0.1, random_state=0
    )
    in_train, in_test = labels["game_play"].isin(train_plays), labels["game_play"].isin(test_plays)
    write_csv(labels[in_train], public / "train_labels.csv")
    write_csv(labels[in_test], private / "test.csv")
    sample = pd.DataFrame({"contact_id": labels.loc[in_test, "contact_id"], "contact": 0})
    write_csv(sample, public / "sample_submission.csv")

    for table in TABLES:  # one table in memory at a time
        frame = _read(raw / f"train_{table}.csv")
        write_csv(frame[frame["game_play"].isin(train_plays)], public / f"train_{table}.csv")
        write_csv(frame[frame["game_play"].isin(test_plays)], public / f"test_{table}.csv")
        del frame

    for part, mask in (("train", in_train), ("test", in_test)):
        plays = labels.loc[mask, "game_play"].unique()
        videos = [f"{play}_{view}" for play in plays for view in VIEWS]
        copy_named_files(videos, raw / "train", public / part, ".mp4")
