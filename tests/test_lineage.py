"""A raw file changed on disk: new raw data version, the change shown, downstream stale, and
the reports that used the old version traced (issue 20, "Lineage on a changed file")."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from dagster import AssetKey, SkipReason, build_sensor_context, instance_for_test, materialize

from mle_pipeline.assets.checks import CHECK_NAME
from mle_pipeline.assets.raw_sensor import raw_files_changed
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.atomic import file_digests
from mle_pipeline.cli import main
from mle_pipeline.definitions import build_assets
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.checksums import (
    ChecksumMismatchError,
    load_checksums,
    user_checksums_path,
    write_checksums,
)
from mle_pipeline.prepare.run import (
    RAW_MANIFEST,
    Manifest,
    ensure_prepared,
    ensure_raw,
    raw_changed_on_disk,
)
from mle_pipeline.registry import get_competition
from mle_pipeline.sources.sample import SampleSource
from mle_pipeline.staleness import prepared_is_current

from .conftest import materialize_prepare

CID = "spaceship-titanic"


def _raw(instance, root: Path, *, verify: bool = False):
    """Materialize ``raw`` alone; returns its materialization."""
    result = materialize(
        build_assets(["dummy"]),
        selection=["raw"],
        partition_key=CID,
        instance=instance,
        resources={"settings": PipelineSettings(data_root=str(root), verify=verify)},
    )
    assert result.success
    return result.asset_materializations_for_node("raw")[0]


def _latest(instance, key: str):
    record = instance.get_latest_data_version_record(AssetKey(key), partition_key=CID)
    return record.event_log_entry.asset_materialization


def _version(materialization) -> str:
    return materialization.tags["dagster/data_version"]


def test_unchanged_raw_files_keep_the_data_version(tmp_path: Path) -> None:
    with instance_for_test() as instance:
        assert materialize_prepare(instance, tmp_path, CID).success
        first = _latest(instance, "raw")
        second = _raw(instance, tmp_path)
        assert _version(second) == _version(first)
        assert second.metadata["reused"].value is True
        assert second.metadata["changed_file_count"].value == 0
        assert prepared_is_current(instance, PipelineSettings(data_root=str(tmp_path)), CID)


def test_changed_raw_file_new_version_shown_and_prepared_stale(tmp_path: Path) -> None:
    settings = PipelineSettings(data_root=str(tmp_path))
    train = tmp_path / CID / "raw" / "train.csv"
    with instance_for_test() as instance:
        assert materialize_prepare(instance, tmp_path, CID).success
        before = _latest(instance, "raw")
        original = train.read_bytes()
        recorded = file_digests(train)
        train.write_bytes(original + original.splitlines(keepends=True)[1])

        # Cheap detection before anything is rematerialized: the CLI will not skip it.
        assert not prepared_is_current(instance, settings, CID)
        after = _raw(instance, tmp_path)
        assert _version(after) != _version(before)
        assert after.metadata["reused"].value is False
        assert after.metadata["previous_data_version"].value == _version(before)
        (row,) = [r.data for r in after.metadata["changed_files"].value.records]
        assert row["file"] == "train.csv" and row["change"] == "modified"
        assert row["recorded_md5"] == recorded["md5"]
        assert row["current_md5"] == file_digests(train)["md5"] != recorded["md5"]
        assert row["current_size"] == len(original) + len(original.splitlines(True)[1])
        assert row["recorded_size"] == len(original)
        assert after.metadata["file_md5s"].value["train.csv"] == row["current_md5"]

        # prepared still records the raw version it was split from: downstream is stale.
        prepared = _latest(instance, "prepared")
        assert prepared.metadata["raw_data_version"].value == _version(before)
        assert not prepared_is_current(instance, settings, CID)
        # Prepared from the edited file, the data no longer matches the pinned checksums:
        # the check fails on this partition and blames the raw file, not the preparation.
        failed = materialize_prepare(instance, tmp_path, CID, raise_on_error=False)
        assert not failed.success
        (check,) = [e for e in failed.get_asset_check_evaluations() if e.check_name == CHECK_NAME]
        assert not check.passed and check.partition == CID
        assert check.metadata["outcome"].value == "raw files edited"
        assert "changed on disk: train.csv" in check.description
        # Accepting the edit: a user reference (what `checksums --update` writes) with its md5s.
        accepted = load_checksums(get_competition(CID).folder / "checksums.sample.yaml")
        for mismatch in check.metadata["mismatches"].value:
            side, name = mismatch["file"].split("/")
            accepted[side][name] = mismatch["actual"]
        write_checksums(user_checksums_path(CID, tmp_path, sample_data=True), accepted)
        assert materialize_prepare(instance, tmp_path, CID).success
        prepared = _latest(instance, "prepared")
        assert prepared.metadata["raw_data_version"].value == _version(after)
        assert prepared.metadata["reused"].value is False
        assert prepared_is_current(instance, settings, CID)

        # Putting the original bytes back gives the original data version again.
        train.write_bytes(original)
        assert _version(_raw(instance, tmp_path)) == _version(before)


def test_verify_catches_an_edit_that_keeps_size_and_mtime(tmp_path: Path) -> None:
    train = tmp_path / CID / "raw" / "train.csv"
    with instance_for_test() as instance:
        first = _raw(instance, tmp_path)
        stat = train.stat()
        data = bytearray(train.read_bytes())
        data[-2] = ord("0") if data[-2] != ord("0") else ord("1")
        train.write_bytes(bytes(data))
        os.utime(train, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert train.stat().st_size == stat.st_size

        cheap = _raw(instance, tmp_path)
        assert _version(cheap) == _version(first) and cheap.metadata["reused"].value
        verified = _raw(instance, tmp_path, verify=True)
        assert _version(verified) != _version(first)
        (row,) = [r.data for r in verified.metadata["changed_files"].value.records]
        assert row["file"] == "train.csv"
        assert row["recorded_size"] == row["current_size"]
        assert row["recorded_mtime"] == row["current_mtime"]
        assert row["recorded_md5"] != row["current_md5"] == file_digests(train)["md5"]


def test_removed_and_added_raw_files_are_changes(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    competition = get_competition(CID)
    first = ensure_raw(competition, layout, SampleSource())
    (layout.raw_dir(CID) / "test.csv").unlink()
    (layout.raw_dir(CID) / "notes.txt").write_text("hello\n")
    second = ensure_raw(competition, layout, SampleSource())
    assert second.data_version != first.data_version
    assert {(c.file, c.kind) for c in second.changes} == {
        ("test.csv", "removed"),
        ("notes.txt", "added"),
    }
    third = ensure_raw(competition, layout, SampleSource())
    assert third.reused and third.data_version == second.data_version


def test_a_new_download_is_extracted_again_and_a_touched_one_is_not(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    competition = get_competition(CID)
    first = ensure_raw(competition, layout, SampleSource())
    (layout.raw_dir(CID) / "train.csv").write_text("edited\n")
    edited = ensure_raw(competition, layout, SampleSource())
    assert not edited.reused and edited.data_version != first.data_version

    download = layout.download_zip(CID)
    stat = download.stat()
    os.utime(download, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert raw_changed_on_disk(layout, CID) == [download.name]
    touched = ensure_raw(competition, layout, SampleSource())
    assert touched.reused and touched.data_version == edited.data_version
    assert raw_changed_on_disk(layout, CID) == []  # its new mtime is recorded, not rehashed

    with zipfile.ZipFile(download, "a") as archive:
        archive.writestr("extra.txt", "a file the new download has\n")
    fresh = ensure_raw(competition, layout, SampleSource())
    assert not fresh.reused
    assert (layout.raw_dir(CID) / "train.csv").read_bytes() != b"edited\n"
    assert {(c.file, c.kind) for c in fresh.changes} == {
        ("extra.txt", "added"),
        ("train.csv", "modified"),
    }
    assert fresh.data_version not in (first.data_version, edited.data_version)


def test_manifest_without_stats_is_upgraded_without_a_new_version(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    competition = get_competition(CID)
    first = ensure_raw(competition, layout, SampleSource())
    path = layout.competition_dir(CID) / RAW_MANIFEST
    legacy = json.loads(path.read_text())
    del legacy["stats"], legacy["zip_digest"]
    path.write_text(json.dumps(legacy))
    again = ensure_raw(competition, layout, SampleSource())
    assert again.reused and again.data_version == first.data_version
    assert Manifest.load(path).stats == first.stats


def _accept_changed_preparation(root: Path) -> None:
    """What a user does to accept edited raw data: a reference of their own with its md5s."""
    competition = get_competition(CID)
    layout = DataLayout(root)
    raw = Manifest.load(layout.competition_dir(CID) / RAW_MANIFEST)
    try:
        ensure_prepared(competition, layout, raw)
    except ChecksumMismatchError as error:
        accepted = load_checksums(get_competition(CID).folder / "checksums.sample.yaml")
        for mismatch in error.mismatches:
            side, name = mismatch.file.split("/")
            accepted[side][name] = mismatch.actual
        write_checksums(user_checksums_path(CID, root, sample_data=True), accepted)
    else:
        raise AssertionError("the edited raw data prepared to the pinned checksums")


def test_lineage_command_traces_reports_to_the_changed_file(env: Path, capsys) -> None:
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    capsys.readouterr()
    assert main(["lineage", "-c", CID, "--file", "train.csv"]) == 0
    out = capsys.readouterr().out
    train = env / CID / "raw" / "train.csv"
    old_md5 = file_digests(train)["md5"]
    assert "2 graded report(s): 0 stale, 2 from the current data" in out
    assert f"md5 {old_md5}" in out

    # One passenger row twice (the README's walkthrough): seen on disk before anything runs.
    train.write_bytes(train.read_bytes() + train.read_bytes().splitlines(True)[1])
    new_md5 = file_digests(train)["md5"]
    assert main(["lineage", "-c", CID]) == 0
    assert "1 raw file(s) changed since raw was recorded (train.csv)" in capsys.readouterr().out

    # prepare records the new raw version, then fails the pinned checksums: reports are stale.
    assert main(["prepare", "-c", CID]) == 1
    capsys.readouterr()
    assert main(["lineage", "-c", CID, "--file", str(train)]) == 0
    out = capsys.readouterr().out
    assert "2 graded report(s): 2 stale, 0 from the current data" in out
    assert out.count("prepared not rebuilt from it yet") == 2
    assert out.count(f"train.csv md5 {old_md5} -> {new_md5}") == 2
    assert "seed-0.json" in out and "seed-1.json" in out

    # Accepted and prepared: `run` regrades the stale reports instead of skipping them.
    _accept_changed_preparation(env)
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "ok    [1/1] dummy on spaceship-titanic seed 0" in out
    assert main(["lineage", "-c", CID, "--agent", "dummy"]) == 0
    out = capsys.readouterr().out
    assert "2 graded report(s): 1 stale, 1 from the current data" in out
    seed0 = next(line for line in out.splitlines() if "dummy seed 0:" in line)
    seed1 = next(line for line in out.splitlines() if "dummy seed 1:" in line)
    assert seed0.endswith("current") and "STALE: prepared changed" in seed1

    # A raw edit that prepares to identical files leaves the reports current.
    train.write_bytes(train.read_bytes() + b"\n")
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "skip  [1/1] dummy on spaceship-titanic seed 0 (already graded)" in out
    assert main(["lineage", "-c", CID, "--agent", "dummy"]) == 0
    assert "1 stale, 1 from the current data" in capsys.readouterr().out


def test_sensor_asks_for_raw_once_per_change_on_disk(tmp_path: Path) -> None:
    settings = PipelineSettings(data_root=str(tmp_path))
    layout = DataLayout(tmp_path)
    ensure_raw(get_competition(CID), layout, SampleSource())
    ensure_raw(get_competition("spooky-author-identification"), layout, SampleSource())

    def evaluate():
        with instance_for_test() as instance:
            context = build_sensor_context(instance=instance, resources={"settings": settings})
            return raw_files_changed(context)

    assert isinstance(evaluate(), SkipReason)
    train = layout.raw_dir(CID) / "train.csv"
    train.write_bytes(train.read_bytes() + b"\n")
    (first,) = evaluate().run_requests
    assert first.partition_key == CID
    assert evaluate().run_requests[0].run_key == first.run_key  # same state: one run
    train.write_bytes(train.read_bytes() + b"\n")
    assert evaluate().run_requests[0].run_key != first.run_key  # another change: another

    # Once raw has recorded the change there is nothing left to ask for.
    ensure_raw(get_competition(CID), layout, SampleSource())
    assert isinstance(evaluate(), SkipReason)
    # Recorded from another source: the sensor never lets raw fetch a replacement.
    train.write_bytes(b"changed\n")
    assert isinstance(
        raw_files_changed(
            build_sensor_context(
                resources={"settings": PipelineSettings(data_root=str(tmp_path), source="kaggle")}
            )
        ),
        SkipReason,
    )
