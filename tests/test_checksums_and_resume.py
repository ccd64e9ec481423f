"""Checksums you can trace, and preparation that survives being killed."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from dagster import AssetKey, DagsterEventType, instance_for_test

from mle_pipeline.assets.checks import CHECK_NAME
from mle_pipeline.atomic import tree_digests
from mle_pipeline.orchestrate import root_cause
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest

from .conftest import materialize_prepare, prepare_sample

CID = "spaceship-titanic"


def _materialize_prepare(root: Path, instance):
    return materialize_prepare(instance, root, CID, raise_on_error=False)


def test_checksum_mismatch_fails_the_check_and_records_nothing(tmp_path: Path, monkeypatch):
    reference = prepare_sample(tmp_path / "reference", CID)
    good = Manifest.load(reference.competition_dir(CID) / PREPARED_MANIFEST).checksums
    bad = {**good, "private": {**good["private"], "test.csv": "0" * 32}}
    folder = tmp_path / "checksums" / CID
    folder.mkdir(parents=True)
    (folder / "checksums.sample.yaml").write_text(yaml.safe_dump(bad))
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "checksums"))

    with instance_for_test() as instance:
        result = _materialize_prepare(tmp_path / "data", instance)
        assert not result.success
        failure = next(e for e in result.all_events if e.is_step_failure)
        assert "private/test.csv" in root_cause(failure.event_specific_data.error)
        checks = [
            e.event_specific_data
            for e in result.all_events
            if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
            and e.event_specific_data.check_name == CHECK_NAME
        ]
        assert len(checks) == 1 and not checks[0].passed
        assert checks[0].metadata["outcome"].value == "sample data mismatch"
        assert checks[0].partition == CID
        mismatches = checks[0].metadata["mismatches"].value
        assert mismatches == [
            {
                "file": "private/test.csv",
                "expected": "0" * 32,
                "actual": good["private"]["test.csv"],
            }
        ]
        assert checks[0].metadata["raw_data_version"].value
        assert not instance.get_materialized_partitions(AssetKey("prepared"))
    # Nothing half-trusted is left behind: no prepared folder, no manifest.
    assert not (tmp_path / "data" / CID / "prepared").exists()
    assert not (tmp_path / "data" / CID / PREPARED_MANIFEST).exists()

    (folder / "checksums.sample.yaml").write_text(yaml.safe_dump(good))
    with instance_for_test() as instance:
        result = _materialize_prepare(tmp_path / "data", instance)
        assert result.success
        check = next(
            e.event_specific_data
            for e in result.all_events
            if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
            and e.event_specific_data.check_name == CHECK_NAME
        )
        assert check.passed and check.metadata["outcome"].value == "match"


COMPETITIONS = [
    "spaceship-titanic",
    "spooky-author-identification",
    "nomad2018-predict-transparent-conductors",
]


def _prepare_command(root: Path) -> list[str]:
    args = [a for cid in COMPETITIONS for a in ("-c", cid)]
    return [sys.executable, "-m", "mle_pipeline.cli", "prepare", *args, "--data-root", str(root)]


def test_killed_prepare_resumes_to_identical_bytes(tmp_path: Path) -> None:
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    (tmp_path / "home").mkdir()
    root = tmp_path / "killed"
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen(
            _prepare_command(root), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(2.0, 5.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Whatever a manifest vouches for is complete and unchanged.
        for cid in COMPETITIONS:
            manifest = Manifest.load(root / cid / PREPARED_MANIFEST)
            if manifest is not None:
                assert tree_digests(root / cid / "prepared") == manifest.files
    finished = subprocess.run(_prepare_command(root), env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr

    clean = tmp_path / "clean"
    for cid in COMPETITIONS:
        prepare_sample(clean, cid)
        assert tree_digests(root / cid / "prepared") == tree_digests(clean / cid / "prepared")
        leftovers = [p for p in (root / cid).iterdir() if p.name.startswith(".tmp-")]
        assert leftovers == []
