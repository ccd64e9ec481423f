"""Synthetic nfl-player-contact-detection download, in Kaggle's layout.

train_labels.csv (``contact_id,game_play,datetime,step,nfl_player_id_1,nfl_player_id_2,
contact``: every pair of players and every player with the ground, ``G``, at each step),
``{train,test}_player_tracking.csv``, ``{train,test}_baseline_helmets.csv``,
``{train,test}_video_metadata.csv``, sample_submission.csv and the videos
``{train,test}/<game_play>_<All29|Endzone|Sideline>.mp4``.

Players move on a small field; two players are in contact when they are within 2.5 yards,
a player with the ground when slow and low in acceleration, so the tracking data carries
the labels. The videos are placeholders: an MP4 ``ftyp`` box and an ``mdat`` box of random
bytes, not decodable frames (no video encoder is a dependency).
"""

import struct
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

VIEWS = ["All29", "Endzone", "Sideline"]
HELMET_VIEWS = ["Endzone", "Sideline"]
POSITIONS = ["QB", "WR", "TE", "OLB", "CB", "DE", "G", "T"]
SNAP = pd.Timestamp("2021-09-12T17:00:00.000")


def _time(moment: pd.Timestamp) -> str:
    """Kaggle's ISO format: milliseconds and a Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _fake_mp4(gen: np.random.Generator, path: Path, n_bytes: int) -> None:
    ftyp = b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    payload = gen.integers(0, 256, n_bytes, dtype=np.uint8).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack(">I", 8 + len(ftyp))
        + b"ftyp"
        + ftyp
        + struct.pack(">I", 8 + len(payload))
        + b"mdat"
        + payload
    )


def _play(gen, game_key: int, play_id: int, n_players: int, n_steps: int) -> dict:
    game_play = f"{game_key}_{play_id:06d}"
    players = gen.choice(np.arange(25_000, 55_000), n_players, replace=False)
    teams = np.where(np.arange(n_players) % 2, "away", "home")
    steps = np.arange(-2, n_steps)
    position = gen.uniform([45, 20], [52, 30], (n_players, 2))
    tracking, positions = [], {}
    for step in steps:
        velocity = gen.normal(0, 0.4, (n_players, 2))
        position = position + velocity
        positions[step] = position.copy()
        speed = np.hypot(*velocity.T) * 10
        acceleration = np.abs(gen.normal(0, 1.0, n_players))
        for i, player in enumerate(players):
            tracking.append(
                {
                    "game_play": game_play,
                    "game_key": game_key,
                    "play_id": play_id,
                    "nfl_player_id": player,
                    "datetime": _time(SNAP + pd.Timedelta(milliseconds=100 * int(step))),
                    "step": step,
                    "team": teams[i],
                    "position": POSITIONS[i % len(POSITIONS)],
                    "jersey_number": int(10 + i),
                    "x_position": round(float(position[i, 0]), 2),
                    "y_position": round(float(position[i, 1]), 2),
                    "speed": round(float(speed[i]), 2),
                    "distance": round(float(speed[i]) / 10, 2),
                    "direction": round(float(gen.uniform(0, 360)), 2),
                    "orientation": round(float(gen.uniform(0, 360)), 2),
                    "acceleration": round(float(acceleration[i]), 2),
                    "sa": round(float(gen.normal(0, 1)), 2),
                }
            )
    labels = []
    for step in range(n_steps):
        time = _time(SNAP + pd.Timedelta(milliseconds=100 * step))
        here = positions[step]
        for i in range(n_players):
            pairs = [
                (players[j], np.hypot(*(here[i] - here[j])) < 2.5) for j in range(i + 1, n_players)
            ]
            slow = tracking[(step + 2) * n_players + i]["speed"] < 4.0
            pairs.append(("G", slow and tracking[(step + 2) * n_players + i]["acceleration"] < 0.6))
            for other, contact in pairs:
                first, second = (
                    (other, players[i])
                    if other != "G" and other < players[i]
                    else (players[i], other)
                )
                labels.append(
                    {
                        "contact_id": f"{game_play}_{step}_{first}_{second}",
                        "game_play": game_play,
                        "datetime": time,
                        "step": step,
                        "nfl_player_id_1": first,
                        "nfl_player_id_2": second,
                        "contact": int(contact),
                    }
                )
    helmets = []
    for view in HELMET_VIEWS:
        for frame in range(1, 2 * n_steps + 1, 2):
            for i, player in enumerate(players):
                helmets.append(
                    {
                        "game_play": game_play,
                        "game_key": game_key,
                        "play_id": play_id,
                        "view": view,
                        "video": f"{game_play}_{view}.mp4",
                        "frame": frame,
                        "nfl_player_id": player,
                        "player_label": f"{'H' if teams[i] == 'home' else 'V'}{10 + i}",
                        "left": int(gen.integers(0, 1200)),
                        "width": int(gen.integers(15, 30)),
                        "top": int(gen.integers(0, 700)),
                        "height": int(gen.integers(15, 30)),
                    }
                )
    start = SNAP - pd.Timedelta(seconds=5)
    metadata = [
        {
            "game_play": game_play,
            "game_key": game_key,
            "play_id": play_id,
            "view": view,
            "start_time": _time(start),
            "end_time": _time(start + pd.Timedelta(seconds=15)),
            "snap_time": _time(SNAP),
        }
        for view in HELMET_VIEWS
    ]
    return {
        "game_play": game_play,
        "labels": labels,
        "player_tracking": tracking,
        "baseline_helmets": helmets,
        "video_metadata": metadata,
    }


def generate(
    out_dir: Path,
    seed: int = 0,
    n_plays: int = 20,
    n_test: int = 2,
    n_players: int = 6,
    n_steps: int = 4,
    video_bytes: int = 2048,
) -> None:
    gen = rng(seed, "nfl-player-contact-detection")
    game_keys = gen.choice(
        np.arange(58_000, 59_000), (n_plays + n_test + 3) // 4 + 1, replace=False
    )
    plays = [
        _play(
            gen,
            int(game_keys[k // 4]),
            int(gen.integers(50, 4000)) + 4000 * (k % 4),
            n_players,
            n_steps,
        )
        for k in range(n_plays + n_test)
    ]
    for part, chosen in (("train", plays[:n_plays]), ("test", plays[n_plays:])):
        for play in chosen:
            for view in VIEWS:
                _fake_mp4(gen, out_dir / part / f"{play['game_play']}_{view}.mp4", video_bytes)
        for table in ("player_tracking", "baseline_helmets", "video_metadata"):
            rows = [row for play in chosen for row in play[table]]
            write_csv(pd.DataFrame(rows), out_dir / f"{part}_{table}.csv")
    write_csv(
        pd.DataFrame([r for p in plays[:n_plays] for r in p["labels"]]),
        out_dir / "train_labels.csv",
    )
    test_labels = pd.DataFrame([r for p in plays[n_plays:] for r in p["labels"]])
    write_csv(test_labels[["contact_id"]].assign(contact=0), out_dir / "sample_submission.csv")
