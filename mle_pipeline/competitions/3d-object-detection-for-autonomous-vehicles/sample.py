"""Synthetic 3d-object-detection-for-autonomous-vehicles download, in Kaggle's layout (Lyft's
nuScenes-style tables).

``train_data/`` (attribute, calibrated_sensor, category, ego_pose, instance, log, map,
sample, sample_annotation, sample_data, scene, sensor, visibility ``.json``),
``train_images/<host>_cam<k>_<time>.jpeg``, ``train_lidar/<host>_lidar1_<time>.bin``,
``train_maps/map_raster_palo_alto.png``, the same for ``test_*`` (test_data without instance
and sample_annotation), train.csv (``Id`` = sample token, ``PredictionString`` = ``x y z
width length height yaw class`` per object) and sample_submission.csv.

Each log is one scene (Lyft's scene and log tokens coincide); objects move a little from
sample to sample, and each lidar sweep holds points on the objects' boxes, so positions can
be learned. Images are tiny grey JPEGs.
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

CLASSES = [
    "car",
    "pedestrian",
    "animal",
    "other_vehicle",
    "bus",
    "motorcycle",
    "truck",
    "emergency_vehicle",
    "bicycle",
]
SIZES = {
    "car": (1.9, 4.6, 1.7),
    "pedestrian": (0.7, 0.8, 1.8),
    "animal": (0.4, 0.9, 0.6),
    "other_vehicle": (2.6, 8.0, 3.2),
    "bus": (2.9, 12.0, 3.4),
    "motorcycle": (0.9, 2.3, 1.5),
    "truck": (2.8, 10.0, 3.5),
    "emergency_vehicle": (2.4, 6.5, 2.5),
    "bicycle": (0.7, 1.8, 1.5),
}
SENSORS = [("lidar", "LIDAR_TOP"), ("camera", "CAM_FRONT"), ("camera", "CAM_BACK")]
MAP = "map_raster_palo_alto.png"


class _Tokens:
    def __init__(self, gen: np.random.Generator, n: int) -> None:
        self.pool = hex_ids(gen, n, length=64)

    def __call__(self) -> str:
        return self.pool.pop()


def _quaternion(yaw: float) -> list[float]:
    return [round(math.cos(yaw / 2), 9), 0.0, 0.0, round(math.sin(yaw / 2), 9)]


def _static_tables(gen, token: _Tokens) -> dict[str, list]:
    return {
        "attribute": [
            {"description": "", "token": token(), "name": name}
            for name in (
                "object_action_parked",
                "object_action_driving_straight_forward",
                "object_action_walking",
                "object_action_standing",
            )
        ],
        "category": [{"description": "", "token": token(), "name": name} for name in CLASSES],
        "sensor": [
            {"modality": modality, "channel": channel, "token": token()}
            for modality, channel in SENSORS
        ],
        "visibility": [
            {"description": "visibility of whole object", "token": str(i + 1), "level": level}
            for i, level in enumerate(["v0-40", "v40-60", "v60-80", "v80-100"])
        ],
    }


def _log(gen, token: _Tokens, out: Path, part: str, n_samples: int, tables: dict) -> list[dict]:
    """One log (and its scene) of ``n_samples`` samples; appends to ``tables``; train.csv rows."""
    log_token, host = token(), f"host-a{int(gen.integers(1, 120)):03d}"
    tables["log"].append(
        {
            "date_captured": "2019-05-24",
            "location": "Palo Alto",
            "vehicle": host[5:],
            "logfile": "",
            "token": log_token,
        }
    )
    calibration = {}
    for sensor in tables["sensor"]:
        calibration[sensor["channel"]] = token()
        tables["calibrated_sensor"].append(
            {
                "sensor_token": sensor["token"],
                "rotation": _quaternion(float(gen.uniform(-3, 3))),
                "camera_intrinsic": []
                if sensor["modality"] == "lidar"
                else [[800.0, 0.0, 16.0], [0.0, 800.0, 16.0], [0.0, 0.0, 1.0]],
                "translation": [round(float(v), 6) for v in gen.normal(0, 1, 3)],
                "token": calibration[sensor["channel"]],
            }
        )
    origin = gen.uniform([600, 1500, -25], [2500, 2800, -15])
    objects = []
    for _ in range(int(gen.integers(2, 6))):
        name = str(gen.choice(CLASSES[:3] + CLASSES[3:] if gen.random() < 0.4 else ["car"]))
        objects.append(
            {
                "name": name,
                "offset": gen.uniform([-30, -30, 0], [30, 30, 1]),
                "yaw": float(gen.uniform(-math.pi, math.pi)),
                "instance": token(),
                "annotations": [],
            }
        )
    sample_tokens = [token() for _ in range(n_samples)]
    time = int(gen.integers(1_230_000_000, 1_250_000_000)) * 10**6
    rows = []
    for index, sample_token in enumerate(sample_tokens):
        stamp = time + index * 200_000
        tables["sample"].append(
            {
                "next": sample_tokens[index + 1] if index + 1 < n_samples else "",
                "prev": sample_tokens[index - 1] if index else "",
                "token": sample_token,
                "timestamp": float(stamp),
                "scene_token": log_token,
            }
        )
        strings = []
        for obj in objects:
            centre = (
                origin
                + obj["offset"]
                + [0.5 * index * math.cos(obj["yaw"]), 0.5 * index * math.sin(obj["yaw"]), 0]
            )
            centre = [round(float(v), 6) for v in centre]
            size = [round(s * float(gen.uniform(0.95, 1.05)), 3) for s in SIZES[obj["name"]]]
            annotation = token()
            obj["annotations"].append(annotation)
            tables["sample_annotation"].append(
                {
                    "token": annotation,
                    "num_lidar_pts": int(gen.integers(5, 300)),
                    "size": size,
                    "sample_token": sample_token,
                    "rotation": _quaternion(obj["yaw"]),
                    "prev": "",
                    "translation": centre,
                    "num_radar_pts": 0,
                    "attribute_tokens": [],
                    "next": "",
                    "instance_token": obj["instance"],
                    "visibility_token": "4",
                }
            )
            strings.append(
                " ".join(str(v) for v in [*centre, *size, round(obj["yaw"], 6), obj["name"]])
            )
        rows.append({"Id": sample_token, "PredictionString": " ".join(strings)})
        for k, (modality, channel) in enumerate(SENSORS):
            datum_token, pose = token(), token()
            stamp_k = stamp + 1000 * k
            if modality == "lidar":
                name = f"{host}_lidar1_{stamp_k}.bin"
                points = gen.normal(0, 0.5, (64, 5)).astype(np.float32)
                (out / f"{part}_lidar").mkdir(parents=True, exist_ok=True)
                (out / f"{part}_lidar" / name).write_bytes(points.tobytes())
                filename, fileformat, size_wh = f"lidar/{name}", "bin", (None, None)
            else:
                name = f"{host}_cam{k - 1}_{stamp_k}.jpeg"
                write_image(
                    gen.integers(0, 255, (16, 16)), out / f"{part}_images" / name, format="JPEG"
                )
                filename, fileformat, size_wh = f"images/{name}", "jpeg", (1224, 1024)
            tables["sample_data"].append(
                {
                    "width": size_wh[0],
                    "height": size_wh[1],
                    "calibrated_sensor_token": calibration[channel],
                    "token": datum_token,
                    "sample_token": sample_token,
                    "is_key_frame": True,
                    "prev": "",
                    "fileformat": fileformat,
                    "timestamp": float(stamp_k),
                    "next": "",
                    "ego_pose_token": pose,
                    "filename": filename,
                }
            )
            tables["ego_pose"].append(
                {
                    "rotation": _quaternion(float(gen.uniform(-3, 3))),
                    "translation": [round(float(v), 6) for v in origin],
                    "token": pose,
                    "timestamp": float(stamp_k),
                }
            )
    for obj in objects:
        category = next(c["token"] for c in tables["category"] if c["name"] == obj["name"])
        tables["instance"].append(
            {
                "nbr_annotations": n_samples,
                "category_token": category,
                "token": obj["instance"],
                "first_annotation_token": obj["annotations"][0],
                "last_annotation_token": obj["annotations"][-1],
            }
        )
    tables["scene"].append(
        {
            "description": "",
            "token": log_token,
            "name": f"{host}-lidar0-{time}-{time + n_samples * 200_000}",
            "first_sample_token": sample_tokens[0],
            "nbr_samples": n_samples,
            "log_token": log_token,
            "last_sample_token": sample_tokens[-1],
        }
    )
    return rows


def generate(
    out_dir: Path, seed: int = 0, n_logs: int = 10, n_test_logs: int = 2, n_samples: int = 4
) -> None:
    gen = rng(seed, "3d-object-detection-for-autonomous-vehicles")
    token = _Tokens(gen, 100 + (n_logs + n_test_logs) * (n_samples * 30 + 20))
    static = _static_tables(gen, token)
    map_pixels = gen.integers(0, 255, (64, 64, 3))
    for part, count in (("train", n_logs), ("test", n_test_logs)):
        tables = {
            name: []
            for name in (
                "log",
                "scene",
                "sample",
                "sample_data",
                "ego_pose",
                "calibrated_sensor",
                "sample_annotation",
                "instance",
            )
        }
        tables.update(static)
        rows = [
            row for _ in range(count) for row in _log(gen, token, out_dir, part, n_samples, tables)
        ]
        tables["map"] = [
            {
                "log_tokens": [log["token"] for log in tables["log"]],
                "category": "semantic_prior",
                "filename": f"maps/{MAP}",
                "token": "53992ee3023e5494b90c316c183be829",
            }
        ]
        if part == "test":
            del tables["sample_annotation"], tables["instance"]
            write_csv(
                pd.DataFrame({"Id": [r["Id"] for r in rows], "PredictionString": ""}),
                out_dir / "sample_submission.csv",
            )
        else:
            write_csv(pd.DataFrame(rows), out_dir / "train.csv")
        for name, records in tables.items():
            path = out_dir / f"{part}_data" / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(records, indent=4))
        write_image(map_pixels, out_dir / f"{part}_maps" / MAP)
