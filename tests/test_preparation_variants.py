"""random-acts-of-pizza's opt-in leak-free preparation: recorded, and switching re-prepares."""

import json
from pathlib import Path

import pandas as pd

from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import ensure_prepared, ensure_raw
from mle_pipeline.registry import get_competition
from mle_pipeline.sources.sample import SampleSource

CID = "random-acts-of-pizza"
FIELD = "giver_username_if_known"


def test_leak_free_variant_is_recorded_and_switching_prepares_again(tmp_path: Path, monkeypatch):
    layout = DataLayout(tmp_path)
    competition = get_competition(CID)
    raw = ensure_raw(competition, layout, SampleSource())
    monkeypatch.delenv("MLE_PIPELINE_PIZZA_LEAK_FREE", raising=False)
    default = ensure_prepared(competition, layout, raw)
    assert default.variant == "mlebench"
    public_train = layout.public_dir(CID) / "train.json"
    givers = {r[FIELD] for r in json.loads(public_train.read_text())}
    assert givers - {"N/A"}, "the MLE-bench variant keeps the leaking field"

    monkeypatch.setenv("MLE_PIPELINE_PIZZA_LEAK_FREE", "1")
    leak_free = ensure_prepared(competition, layout, raw)
    assert leak_free.variant == "leak_free" and not leak_free.reused
    assert {r[FIELD] for r in json.loads(public_train.read_text())} == {"N/A"}
    assert ensure_prepared(competition, layout, raw).reused

    monkeypatch.setenv("MLE_PIPELINE_PIZZA_LEAK_FREE", "0")
    assert not ensure_prepared(competition, layout, raw).reused


def test_hubmap_leak_free_variant_drops_the_test_annotations(tmp_path: Path, monkeypatch):
    cid = "hubmap-kidney-segmentation"
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())
    test_dir = layout.public_dir(cid) / "test"
    monkeypatch.delenv("MLE_PIPELINE_HUBMAP_LEAK_FREE", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    leaking = sorted(p.name for p in test_dir.glob("*.json") if "anatomical" not in p.name)
    assert len(leaking) == 3, "MLE-bench's variant keeps each test image's glomerulus polygons"
    answers_before = (layout.private_dir(cid) / "test.csv").read_bytes()

    monkeypatch.setenv("MLE_PIPELINE_HUBMAP_LEAK_FREE", "1")
    leak_free = ensure_prepared(competition, layout, raw)
    assert leak_free.variant == "leak_free" and not leak_free.reused
    names = {p.name for p in test_dir.iterdir()}
    assert not set(leaking) & names
    assert len([n for n in names if n.endswith(".tiff")]) == 3
    assert len([n for n in names if n.endswith("-anatomical-structure.json")]) == 3
    assert (layout.private_dir(cid) / "test.csv").read_bytes() == answers_before


def test_speech_twelve_classes_variant_maps_the_answers_only(tmp_path: Path, monkeypatch):
    cid = "tensorflow-speech-recognition-challenge"
    scored = {"yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"}
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())
    answers = layout.private_dir(cid) / "test.csv"
    monkeypatch.delenv("MLE_PIPELINE_SPEECH_TWELVE_CLASSES", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    before = pd.read_csv(answers)
    assert set(before["label"]) - scored, "MLE-bench's answers keep words outside the classes"
    public_before = sorted(p.name for p in (layout.public_dir(cid) / "test" / "audio").iterdir())

    monkeypatch.setenv("MLE_PIPELINE_SPEECH_TWELVE_CLASSES", "1")
    twelve = ensure_prepared(competition, layout, raw)
    assert twelve.variant == "twelve_classes" and not twelve.reused
    after = pd.read_csv(answers)
    assert list(after["fname"]) == list(before["fname"])
    assert set(after["label"]) <= scored | {"unknown", "silence"}
    kept = before["label"].isin(scored)
    assert (after["label"][kept] == before["label"][kept]).all()
    assert (after["label"][~kept] != before["label"][~kept]).all()
    public_after = sorted(p.name for p in (layout.public_dir(cid) / "test" / "audio").iterdir())
    assert public_after == public_before


def test_champs_test_structures_variant_adds_the_test_molecules_geometry(
    tmp_path: Path, monkeypatch
):
    cid = "champs-scalar-coupling"
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())
    public = layout.public_dir(cid)
    monkeypatch.delenv("MLE_PIPELINE_CHAMPS_TEST_STRUCTURES", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    test_molecules = set(pd.read_csv(public / "test.csv")["molecule_name"])
    assert not test_molecules & set(pd.read_csv(public / "structures.csv")["molecule_name"])
    answers_before = (layout.private_dir(cid) / "answers.csv").read_bytes()

    monkeypatch.setenv("MLE_PIPELINE_CHAMPS_TEST_STRUCTURES", "1")
    fixed = ensure_prepared(competition, layout, raw)
    assert fixed.variant == "test_structures" and not fixed.reused
    assert test_molecules <= set(pd.read_csv(public / "structures.csv")["molecule_name"])
    assert all((public / "structures" / f"{m}.xyz").is_file() for m in test_molecules)
    charges = set(pd.read_csv(public / "mulliken_charges.csv")["molecule_name"])
    assert not test_molecules & charges, "label-derived tables stay train-only"
    assert (layout.private_dir(cid) / "answers.csv").read_bytes() == answers_before


def test_miccai_clean_test_variant_drops_the_flagged_cases_from_the_test_set(
    tmp_path: Path, monkeypatch
):
    import importlib

    from sklearn.model_selection import train_test_split

    cid = "rsna-miccai-brain-tumor-radiogenomic-classification"
    module = importlib.import_module(f"mle_pipeline.competitions.{cid}.prepare")
    # 30 cases: the split puts rows at these positions in the test set; the flagged go there.
    _, test_rows = train_test_split(list(range(30)), test_size=0.1, random_state=0)
    ids = [f"{n:05d}" for n in range(200, 230)]
    for row, flagged in zip(test_rows, module.FLAGGED_CASES, strict=True):
        ids[row] = flagged
    raw = tmp_path / "raw"
    for case in ids:
        (raw / "train" / case / "FLAIR").mkdir(parents=True)
        (raw / "train" / case / "FLAIR" / "Image-1.dcm").write_bytes(case.encode())
    pd.DataFrame({"BraTS21ID": ids, "MGMT_value": [n % 2 for n in range(30)]}).to_csv(
        raw / "train_labels.csv", index=False
    )

    def prepared(flag: str) -> tuple[Path, Path]:
        monkeypatch.setenv(module.CLEAN_TEST_ENV, flag)
        public, private = tmp_path / flag / "public", tmp_path / flag / "private"
        module.prepare(raw, public, private)
        return public, private

    monkeypatch.delenv(module.CLEAN_TEST_ENV, raising=False)
    assert module.variant() == "mlebench"
    public, private = prepared("0")
    flagged = set(module.FLAGGED_CASES)
    assert set(pd.read_csv(private / "test.csv", dtype=str)["BraTS21ID"]) == flagged
    clean_public, clean_private = prepared("1")
    assert module.variant() == "clean_test"
    assert pd.read_csv(clean_private / "test.csv").empty
    assert pd.read_csv(clean_public / "sample_submission.csv").empty
    assert not list((clean_public / "test").iterdir())
    train = (public / "train_labels.csv").read_bytes()
    assert (clean_public / "train_labels.csv").read_bytes() == train


def test_smartphone_leak_free_variant_drops_the_test_span_logs(tmp_path: Path, monkeypatch):
    cid = "smartphone-decimeter-2022"
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())
    public = layout.public_dir(cid)
    monkeypatch.delenv("MLE_PIPELINE_SMARTPHONE_LEAK_FREE", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    leaking = sorted((public / "test").rglob("span_log.nmea"))
    assert leaking, "MLE-bench's variant keeps the test phones' reference logs"
    assert not list((public / "test").rglob("ground_truth.csv"))
    csvs = [*public.rglob("*.csv"), *layout.private_dir(cid).rglob("*.csv")]
    before = {path: path.read_bytes() for path in csvs}

    monkeypatch.setenv("MLE_PIPELINE_SMARTPHONE_LEAK_FREE", "1")
    leak_free = ensure_prepared(competition, layout, raw)
    assert leak_free.variant == "leak_free" and not leak_free.reused
    assert not list((public / "test").rglob("span_log.nmea"))
    assert list((public / "train").rglob("span_log.nmea")), "train drives keep theirs"
    assert {path: path.read_bytes() for path in csvs} == before


def test_lyft_split_maps_variant_lists_each_sides_logs(tmp_path: Path, monkeypatch):
    cid = "3d-object-detection-for-autonomous-vehicles"
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())
    public = layout.public_dir(cid)

    def map_logs(part: str) -> set[str]:
        return set(json.loads((public / f"{part}_data" / "map.json").read_text())[0]["log_tokens"])

    def logs(part: str) -> set[str]:
        return {
            log["token"] for log in json.loads((public / f"{part}_data" / "log.json").read_text())
        }

    monkeypatch.delenv("MLE_PIPELINE_LYFT_SPLIT_MAPS", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    assert map_logs("train") == map_logs("test") == logs("test"), "MLE-bench's shared-dict map"
    monkeypatch.setenv("MLE_PIPELINE_LYFT_SPLIT_MAPS", "1")
    split = ensure_prepared(competition, layout, raw)
    assert split.variant == "split_maps" and not split.reused
    assert map_logs("train") == logs("train") and map_logs("test") == logs("test")
    assert logs("train").isdisjoint(logs("test"))


def test_gesture_leak_free_variant_empties_the_test_samples_labels(tmp_path: Path, monkeypatch):
    import io
    import tarfile
    import zipfile

    import scipy.io

    cid = "multi-modal-gesture-recognition"
    layout = DataLayout(tmp_path)
    competition = get_competition(cid)
    raw = ensure_raw(competition, layout, SampleSource())

    def samples() -> dict[str, dict[str, bytes]]:
        with tarfile.open(layout.public_dir(cid) / "test.tar.gz") as tar:
            return {m.name: dict(members_of(tar.extractfile(m).read())) for m in tar if m.isfile()}

    def members_of(data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield name, archive.read(name)

    def video(mat: bytes):
        return scipy.io.loadmat(io.BytesIO(mat))["Video"][0, 0]

    def world(frame):
        return frame["Skeleton"][0, 0]["WorldPosition"]

    monkeypatch.delenv("MLE_PIPELINE_GESTURE_LEAK_FREE", raising=False)
    assert ensure_prepared(competition, layout, raw).variant == "mlebench"
    leaking = samples()
    answers_before = (layout.private_dir(cid) / "test.csv").read_bytes()
    mats = {name: m for members in leaking.values() for name, m in members.items()}
    assert all(video(m)["Labels"].size for n, m in mats.items() if n.endswith(".mat"))

    monkeypatch.setenv("MLE_PIPELINE_GESTURE_LEAK_FREE", "1")
    leak_free = ensure_prepared(competition, layout, raw)
    assert leak_free.variant == "leak_free" and not leak_free.reused
    cleaned = samples()
    assert cleaned.keys() == leaking.keys()
    for sample, members in cleaned.items():
        assert members.keys() == leaking[sample].keys()
        for name, data in members.items():
            if not name.endswith("_data.mat"):
                assert data == leaking[sample][name]  # audio and video untouched
                continue
            before, after = video(leaking[sample][name]), video(data)
            assert after["Labels"].size == 0 and before["Labels"].size > 0
            assert after["NumFrames"] == before["NumFrames"]
            for old, new in zip(before["Frames"][0], after["Frames"][0], strict=True):
                assert (world(old) == world(new)).all()
    assert (layout.private_dir(cid) / "test.csv").read_bytes() == answers_before
    digest = (layout.public_dir(cid) / "test.tar.gz").read_bytes()
    monkeypatch.setenv("MLE_PIPELINE_GESTURE_LEAK_FREE", "0")
    ensure_prepared(competition, layout, raw)
    monkeypatch.setenv("MLE_PIPELINE_GESTURE_LEAK_FREE", "1")
    ensure_prepared(competition, layout, raw)
    assert (layout.public_dir(cid) / "test.tar.gz").read_bytes() == digest  # deterministic
