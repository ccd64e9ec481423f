"""3d-object-detection-for-autonomous-vehicles: a fifth of the training logs become the test
set, and every table follows them.

As in MLE-bench: ``train_test_split`` of train_data/log.json's tokens (``test_size=0.2``,
``random_state=0``). Samples go with the log their ``scene_token`` names (Lyft's scene and
log tokens coincide), scenes with their ``log_token``; train.csv's rows, sample_data, ego
poses and calibrated sensors (in order of first use) follow the samples; annotations and
instances are kept for training only. attribute, category, sensor and visibility tables and
the Palo Alto map are copied to both sides. Images and lidar sweeps are copied byte for byte
into ``{train,test}_images`` and ``{train,test}_lidar``. The private answers are the test
rows of train.csv with a confidence ``1.0`` before each object; the sample submission has
empty predictions. Kaggle's own test data is not used.

JSON is rewritten with ``json.dump``'s defaults, as MLE-bench does, so files are identical.

Two variants of ``map.json``:

- ``mlebench`` (default): as MLE-bench writes it, the one map listing the *test* logs in
  both ``train_data/map.json`` and ``test_data/map.json`` (it edits one shared dict for both).
- ``split_maps`` (opt-in: ``MLE_PIPELINE_LYFT_SPLIT_MAPS=1``, or ``options: split_maps``):
  each side's map lists its own logs. Nothing else changes.
"""

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.atomic import atomic_path
from mle_pipeline.prepare.tables import copy_file, write_csv
from mle_pipeline.prepare.variants import opt_in

COPIED = ["attribute.json", "category.json", "sensor.json", "visibility.json"]
MAP = "map_raster_palo_alto.png"
SPLIT_MAPS_ENV = "MLE_PIPELINE_LYFT_SPLIT_MAPS"


def variant() -> str:
    """Which preparation this environment asks for; recorded in the prepared manifest."""
    split = opt_in("3d-object-detection-for-autonomous-vehicles", SPLIT_MAPS_ENV, "split_maps")
    return "split_maps" if split else "mlebench"


def _load(path: Path) -> list[dict]:
    records = json.loads(path.read_text())
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected a JSON list of records")
    return records


def _dump(records: list, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "w") as handle:
        json.dump(records, handle)


def _split(records: list[dict], key: str, train: set, test: set, path: Path) -> tuple[list, list]:
    """Records whose ``key`` is in ``train`` / ``test``; one in neither is an error."""
    parts: tuple[list, list] = ([], [])
    for record in records:
        if record[key] in train:
            parts[0].append(record)
        elif record[key] in test:
            parts[1].append(record)
        else:
            raise ValueError(f"{path}: {key} {record[key]!r} belongs to no log of the split")
    return parts


def _used(data: Iterable[dict], key: str, table: dict[str, dict], *, unique: bool) -> list:
    """The records of ``table`` that ``data`` refers to by ``key``, in order of use."""
    tokens = [datum[key] for datum in data]
    if unique:
        tokens = list(dict.fromkeys(tokens))
    return [table[token] for token in tokens]


def with_confidence(objects: str) -> str:
    """``x y z w l h yaw class ...`` as ``1.0 x y z w l h yaw class ...``."""
    words = objects.split(" ")
    if len(words) % 8:
        raise ValueError(f"train.csv: expected 8 values per object, got {len(words)}")
    return " ".join(" ".join(["1.0", *words[i : i + 8]]) for i in range(0, len(words), 8))


def _copy_sweeps(sample_data: list[dict], test_samples: set, raw: Path, public: Path) -> None:
    folders = {"jpeg": ("train_images", "images"), "bin": ("train_lidar", "lidar")}
    for datum in sample_data:
        if datum["fileformat"] not in folders:
            raise ValueError(f"sample_data.json: unexpected fileformat {datum['fileformat']!r}")
        source, kind = folders[datum["fileformat"]]
        name = Path(datum["filename"]).name
        part = "test" if datum["sample_token"] in test_samples else "train"
        dest = public / f"{part}_{kind}" / name
        if not dest.exists():  # a file listed twice is copied once, as in MLE-bench
            copy_file(raw / source / name, dest)


def prepare(raw: Path, public: Path, private: Path) -> None:
    data = raw / "train_data"
    out = {"train": public / "train_data", "test": public / "test_data"}
    logs = _load(data / "log.json")
    log_ids = [log["token"] for log in logs]
    train_logs, test_logs = train_test_split(log_ids, test_size=0.2, random_state=0)
    logs_of = {"train": set(train_logs), "test": set(test_logs)}
    for part in out:
        _dump([log for log in logs if log["token"] in logs_of[part]], out[part] / "log.json")

    samples = _split(
        _load(data / "sample.json"), "scene_token", logs_of["train"], logs_of["test"], data
    )
    for part, chosen in zip(out, samples, strict=True):
        _dump(chosen, out[part] / "sample.json")
    sample_ids = {
        part: {s["token"] for s in chosen} for part, chosen in zip(out, samples, strict=True)
    }

    rows = pd.read_csv(raw / "train.csv")
    train_rows = rows[rows["Id"].isin(sample_ids["train"])]
    test_rows = rows[rows["Id"].isin(sample_ids["test"])].copy()
    if len(train_rows) + len(test_rows) != len(rows) or len(test_rows) != len(samples[1]):
        raise ValueError(f"{raw / 'train.csv'}: expected exactly one row per sample")
    write_csv(train_rows, public / "train.csv")
    test_rows["PredictionString"] = test_rows["PredictionString"].map(with_confidence)
    write_csv(test_rows, private / "test.csv")
    write_csv(test_rows[["Id"]].assign(PredictionString=""), public / "sample_submission.csv")

    all_sample_data = _load(data / "sample_data.json")
    sample_data = _split(
        all_sample_data, "sample_token", sample_ids["train"], sample_ids["test"], data
    )
    calibrations = {c["token"]: c for c in _load(data / "calibrated_sensor.json")}
    poses = {p["token"]: p for p in _load(data / "ego_pose.json")}
    for part, chosen in zip(out, sample_data, strict=True):
        _dump(chosen, out[part] / "sample_data.json")
        used = _used(chosen, "calibrated_sensor_token", calibrations, unique=True)
        _dump(used, out[part] / "calibrated_sensor.json")
        _dump(_used(chosen, "ego_pose_token", poses, unique=False), out[part] / "ego_pose.json")
    del poses

    maps = _load(data / "map.json")
    if len(maps) != 1:
        raise ValueError(f"{data / 'map.json'}: expected one map, found {len(maps)}")
    only_map = maps[0]
    # MLE-bench edits one shared dict for both sides, so both files list the test logs.
    train_map_logs = train_logs if variant() == "split_maps" else test_logs
    _dump([{**only_map, "log_tokens": train_map_logs}], out["train"] / "map.json")
    _dump([{**only_map, "log_tokens": test_logs}], out["test"] / "map.json")

    scenes = _split(
        _load(data / "scene.json"), "log_token", logs_of["train"], logs_of["test"], data
    )
    for part, chosen in zip(out, scenes, strict=True):
        _dump(chosen, out[part] / "scene.json")
    for name in COPIED:
        for part in out:
            copy_file(data / name, out[part] / name)
    for part in out:
        copy_file(raw / "train_maps" / MAP, public / f"{part}_maps" / MAP)

    annotations = _split(
        _load(data / "sample_annotation.json"),
        "sample_token",
        sample_ids["train"],
        sample_ids["test"],
        data,
    )
    _dump(annotations[0], out["train"] / "sample_annotation.json")
    instances = [{a["instance_token"] for a in chosen} for chosen in annotations]
    del annotations
    train_instances, _ = _split(_load(data / "instance.json"), "token", *instances, data)
    _dump(train_instances, out["train"] / "instance.json")

    for folder in ("train_images", "test_images", "train_lidar", "test_lidar"):
        (public / folder).mkdir(parents=True, exist_ok=True)
    _copy_sweeps(all_sample_data, sample_ids["test"], raw, public)
