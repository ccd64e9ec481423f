"""MLE-bench's checksums: shipped for every competition, and a mismatch says which side diverged.

A mirror of ``<id>.zip`` files stands in for the real Kaggle download; a reference file in
``$MLE_PIPELINE_CHECKSUMS`` stands in for MLE-bench's record of it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, DagsterInstance, materialize

from mle_pipeline.assets.checks import CHECK_NAME, DOWNLOAD_CHECK_NAME
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.cli import main
from mle_pipeline.definitions import build_assets
from mle_pipeline.layout import DataLayout
from mle_pipeline.orchestrate import root_cause
from mle_pipeline.prepare.checksums import (
    PIN_COMMAND,
    ChecksumMismatchError,
    Outcome,
    Reference,
    find_reference,
    load_checksums,
    verify_download,
    verify_prepared,
)
from mle_pipeline.prepare.run import (
    PREPARED_MANIFEST,
    RAW_MANIFEST,
    Manifest,
    ensure_prepared,
    ensure_raw,
)
from mle_pipeline.prepare.sample_pins import sample_checksums
from mle_pipeline.registry import Competition, all_competitions, get_competition
from mle_pipeline.sources.sample import SampleSource

from .conftest import SHARED

CID = "spaceship-titanic"
FACTS = SHARED / "mlebench-facts" / "checksums"
IMPLEMENTED = sorted(cid for cid, c in all_competitions().items() if c.implemented)


def test_every_competition_ships_mlebench_checksums() -> None:
    for cid, competition in all_competitions().items():
        shipped = load_checksums(competition.folder / "checksums.yaml")
        assert set(shipped) == {"zip", "public", "private"}, cid
        assert len(shipped["zip"]) == 32 and shipped["private"], cid
        assert isinstance(shipped["public"], dict), cid  # empty where public holds only zips
        if FACTS.is_dir():
            assert shipped == yaml.safe_load((FACTS / f"{cid}.yaml").read_text()), cid


def test_package_data_ships_the_checksum_files() -> None:
    import tomllib
    from fnmatch import fnmatch

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["mle_pipeline"]
    for name in ("competitions/x/checksums.yaml", "competitions/x/checksums.sample.yaml"):
        assert any(fnmatch(name, pattern) for pattern in patterns), name


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_sample_data_matches_its_pinned_checksums(cid: str, prepared_root) -> None:
    layout = prepared_root(cid)
    manifest = Manifest.load(layout.competition_dir(cid) / PREPARED_MANIFEST)
    competition = get_competition(cid)
    reference = find_reference(competition, layout.root, sample_data=True)
    assert reference is not None and reference.origin == "sample pin", (
        f"{cid} has no checksums.sample.yaml: pin it with `{PIN_COMMAND} {cid}`"
    )
    assert "zip" not in reference.load()  # a synthetic zip's bytes are not pinned
    verdict = verify_prepared(cid, reference, manifest.checksums, True, manifest.variant)
    assert verdict.outcome == Outcome.MATCH and verdict.compared > 0


def test_a_change_in_preparation_is_caught_by_the_sample_pins(tmp_path: Path, monkeypatch):
    competition = get_competition(CID)
    layout = DataLayout(tmp_path)
    raw = ensure_raw(competition, layout, SampleSource())
    original = competition.prepare_fn

    def drops_a_row(raw: Path, public: Path, private: Path) -> None:
        original(raw=raw, public=public, private=private)
        lines = (private / "test.csv").read_text().splitlines(keepends=True)
        (private / "test.csv").write_text("".join(lines[:-1]))

    monkeypatch.setattr(Competition, "prepare_fn", property(lambda self: drops_a_row))
    with pytest.raises(ChecksumMismatchError) as caught:
        ensure_prepared(competition, layout, raw)
    assert caught.value.verdict.outcome == Outcome.SAMPLE_MISMATCH
    assert [m.file for m in caught.value.mismatches] == ["private/test.csv"]
    assert "sample generator or the preparation changed" in str(caught.value)


# --- real-data checks through Dagster, with a mirror folder --------------------------------


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    """A mirror holding a zip in the Kaggle layout (our sample data: not MLE-bench's bytes)."""
    folder = tmp_path_factory.mktemp("mirror")
    SampleSource().fetch(get_competition(CID), folder / f"{CID}.zip")
    return folder


@pytest.fixture(scope="module")
def prepared_md5s(tmp_path_factory) -> dict:
    return sample_checksums(get_competition(CID), tmp_path_factory.mktemp("scratch"))


def _reference(folder: Path, checksums: dict) -> None:
    (folder / CID).mkdir(parents=True, exist_ok=True)
    (folder / CID / "checksums.yaml").write_text(yaml.safe_dump(checksums))


def _materialize(data_root: Path, mirror: Path, instance=None):
    return materialize(
        build_assets(["dummy"]),
        selection=["raw", "prepared"],
        partition_key=CID,
        instance=instance or DagsterInstance.ephemeral(),
        resources={
            "settings": PipelineSettings(
                data_root=str(data_root), source="mirror", mirror_dir=str(mirror)
            )
        },
        raise_on_error=False,
    )


def _check(result, name: str):
    [evaluation] = [e for e in result.get_asset_check_evaluations() if e.check_name == name]
    return evaluation


def _failure(result) -> str:
    return root_cause(
        next(e for e in result.all_events if e.is_step_failure).event_specific_data.error
    )


def test_a_download_that_is_not_mlebench_s_is_a_download_mismatch(tmp_path, mirror):
    # No override: the shipped checksums.yaml holds MLE-bench's md5 of the real download.
    expected = load_checksums(get_competition(CID).folder / "checksums.yaml")["zip"]
    got = _md5(mirror / f"{CID}.zip")
    result = _materialize(tmp_path / "data", mirror)

    assert not result.success
    message = f"the download is not the one MLE-bench used (zip md5 expected {expected}, got {got}"
    assert message in _failure(result)
    check = _check(result, DOWNLOAD_CHECK_NAME)
    assert not check.passed and check.partition == CID
    assert check.metadata["outcome"].value == "download mismatch"
    assert check.metadata["mismatches"].value == [
        {"file": "zip", "expected": expected, "actual": got}
    ]
    assert check.metadata["reference_origin"].value == "mle-bench"
    assert not result.get_asset_materialization_events()  # neither raw nor prepared
    # Nothing trusts this download: the next run fetches the source again.
    assert not (tmp_path / "data" / CID / RAW_MANIFEST).exists()
    assert not (tmp_path / "data" / CID / f"{CID}.zip").exists()
    assert not (tmp_path / "data" / CID / "prepared").exists()


def test_our_preparation_differing_from_mlebench_s_is_a_fidelity_bug(
    tmp_path, mirror, prepared_md5s, monkeypatch
):
    wrong = {**prepared_md5s["public"], "train.csv": "f" * 32}
    _reference(
        tmp_path / "ref",
        {**prepared_md5s, "public": wrong, "zip": _md5(mirror / f"{CID}.zip")},
    )
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "ref"))
    result = _materialize(tmp_path / "data", mirror)

    assert not result.success
    failure = _failure(result)
    assert (
        "our preparation of MLE-bench's download differs from MLE-bench's: "
        "a fidelity bug in mle_pipeline" in failure
    )
    actual = prepared_md5s["public"]["train.csv"]
    assert f"public/train.csv: expected {'f' * 32}, got {actual}" in failure
    download = _check(result, DOWNLOAD_CHECK_NAME)
    assert download.passed and download.metadata["outcome"].value == "match"
    check = _check(result, CHECK_NAME)
    assert not check.passed and check.partition == CID
    assert check.metadata["outcome"].value == "preparation mismatch"
    assert check.metadata["mismatches"].value == [
        {"file": "public/train.csv", "expected": "f" * 32, "actual": actual}
    ]
    keys = [e.asset_key for e in result.get_asset_materialization_events()]
    assert keys == [AssetKey("raw")]
    assert not (tmp_path / "data" / CID / "prepared").exists()


def test_matching_download_and_preparation_pass_and_a_reused_one_is_compared_again(
    tmp_path, mirror, prepared_md5s, monkeypatch
):
    reference = {**prepared_md5s, "zip": _md5(mirror / f"{CID}.zip")}
    _reference(tmp_path / "ref", reference)
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "ref"))
    with DagsterInstance.ephemeral() as instance:
        first = _materialize(tmp_path / "data", mirror, instance)
        assert first.success
        assert _check(first, DOWNLOAD_CHECK_NAME).passed
        check = _check(first, CHECK_NAME)
        assert check.passed and check.metadata["outcome"].value == "match"
        assert check.metadata["files_compared"].value == 4
        assert "warning" not in check.metadata

        # The reference changes; the preparation on disk is reused, and compared again.
        private = {"test.csv": "0" * 32}
        _reference(tmp_path / "ref", {**reference, "private": private})
        second = _materialize(tmp_path / "data", mirror, instance)
        assert not second.success
        check = _check(second, CHECK_NAME)
        assert not check.passed and check.partition == CID
        assert check.metadata["outcome"].value == "preparation mismatch"
        assert [m["file"] for m in check.metadata["mismatches"].value] == ["private/test.csv"]
        assert "a fidelity bug in mle_pipeline" in _failure(second)


def test_cli_prepare_prints_which_side_diverged(
    env, tmp_path, mirror, prepared_md5s, monkeypatch, capsys
):
    source = ["--source", "mirror", "--mirror", str(mirror)]
    assert main(["prepare", "-c", CID, *source]) == 1
    out = capsys.readouterr()
    assert "the download is not the one MLE-bench used (zip md5 expected" in out.out

    wrong = {**prepared_md5s, "zip": _md5(mirror / f"{CID}.zip"), "private": {"test.csv": "0"}}
    _reference(tmp_path / "ref", wrong)
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "ref"))
    assert main(["prepare", "-c", CID, *source]) == 1
    out = capsys.readouterr()
    assert "our preparation of MLE-bench's download differs from MLE-bench's" in out.out
    assert "private/test.csv: expected 0, got " in out.out


def test_no_reference_is_a_visible_warning_never_a_silent_pass(env, tmp_path, monkeypatch, capsys):
    # A competition folder without checksums.sample.yaml (as a newly added one would be).
    monkeypatch.setattr(Competition, "folder", property(lambda self: tmp_path / "bare"))
    result = materialize(
        build_assets(["dummy"]),
        selection=["raw", "prepared"],
        partition_key=CID,
        instance=DagsterInstance.ephemeral(),
        resources={"settings": PipelineSettings(data_root=str(tmp_path / "direct"))},
    )
    check = _check(result, CHECK_NAME)
    assert not check.passed and check.severity.value == "WARN"
    assert check.metadata["outcome"].value == "no reference"
    assert "NOT compared" in check.metadata["warning"].value

    assert main(["prepare", "-c", CID]) == 0
    first = capsys.readouterr().out
    assert main(["prepare", "-c", CID]) == 0  # skipped as current, still warned about
    second = capsys.readouterr().out
    for out in (first, second):
        assert "1 warning(s):" in out
        assert f"no reference checksums for {CID}: the prepared files were NOT compared" in out
    assert "already prepared" in second


def test_checksums_update_writes_to_a_user_folder_that_the_check_then_uses(env, capsys):
    package_pin = get_competition(CID).folder / "checksums.sample.yaml"
    before = package_pin.read_bytes()
    assert main(["prepare", "-c", CID]) == 0
    assert "4 files match the pinned offline sample checksums)" in capsys.readouterr().out
    assert main(["prepare", "-c", CID]) == 0
    out = capsys.readouterr().out
    assert "(already prepared; 4 files match the pinned offline sample checksums)" in out
    assert main(["checksums", "-c", CID]) == 0
    assert "match: all 4 prepared files match the pinned offline sample" in capsys.readouterr().out

    assert main(["checksums", "-c", CID, "--update"]) == 0
    written = env / "checksums" / CID / "checksums.sample.yaml"
    assert f"wrote our checksums to {written}" in capsys.readouterr().out
    assert package_pin.read_bytes() == before
    reference = find_reference(get_competition(CID), env, sample_data=True)
    assert reference.path == written and reference.origin == "user folder"

    # The lookup uses it: an edit to the user's file is what the next comparison sees.
    checksums = load_checksums(written)
    checksums["public"]["train.csv"] = "1" * 32
    written.write_text(yaml.safe_dump(checksums))
    assert main(["checksums", "-c", CID]) == 1
    out = capsys.readouterr().out
    assert "sample data mismatch" in out and "public/train.csv: expected 1111" in out


def test_checksums_update_writes_into_the_override_folder_when_set(env, tmp_path, monkeypatch):
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "mine"))
    assert main(["prepare", "-c", CID]) == 0
    assert main(["checksums", "-c", CID, "--update"]) == 0
    written = tmp_path / "mine" / CID / "checksums.sample.yaml"
    assert set(load_checksums(written)) >= {"public", "private"}
    assert not (env / "checksums").exists()


def test_raw_files_edited_after_extraction_are_blamed_not_the_preparation(
    tmp_path, mirror, prepared_md5s, monkeypatch
):
    _reference(tmp_path / "ref", {**prepared_md5s, "zip": _md5(mirror / f"{CID}.zip")})
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "ref"))
    with DagsterInstance.ephemeral() as instance:
        assert _materialize(tmp_path / "data", mirror, instance).success
        train = tmp_path / "data" / CID / "raw" / "train.csv"
        lines = train.read_text().splitlines(keepends=True)
        train.write_text("".join(lines[:-1]))  # the download itself is unchanged

        result = _materialize(tmp_path / "data", mirror, instance)
        assert not result.success
        assert _check(result, DOWNLOAD_CHECK_NAME).passed
        check = _check(result, CHECK_NAME)
        assert check.metadata["outcome"].value == "raw files edited"
        assert check.metadata["mismatches"].value  # the prepared files that differ
        failure = _failure(result)
        assert "the raw files differ from the download they were extracted from" in failure
        assert "changed on disk: train.csv)" in failure and "fidelity bug" not in failure


def _written(tmp_path: Path, checksums: dict) -> Reference:
    path = tmp_path / f"checksums-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(checksums))
    return Reference(path, "mle-bench")


def test_verdicts_name_the_side_that_diverged(tmp_path: Path) -> None:
    ours = {"zip": "a" * 32, "public": {"train.csv": "b" * 32}, "private": {"test.csv": "c" * 32}}
    same = _written(tmp_path, ours)
    assert verify_prepared(CID, same, ours, False).outcome == Outcome.MATCH
    assert verify_download(CID, same, "a" * 32, False).outcome == Outcome.MATCH

    other_zip = _written(tmp_path, {**ours, "zip": "d" * 32})
    verdict = verify_prepared(CID, other_zip, ours, False)
    assert verdict.outcome == Outcome.DOWNLOAD_MISMATCH and verdict.failed
    assert verify_download(CID, other_zip, "a" * 32, False).failed

    extra = {**ours, "private": {**ours["private"], "extra.csv": "e" * 32}}
    verdict = verify_prepared(CID, same, extra, False)
    assert verdict.outcome == Outcome.PREPARATION_MISMATCH
    assert [str(m) for m in verdict.mismatches] == [
        f"private/extra.csv: expected (absent), got {'e' * 32}"
    ]
    assert verify_prepared(CID, same, extra, True).outcome == Outcome.SAMPLE_MISMATCH


def test_nothing_to_compare_is_a_warning_not_a_pass(tmp_path: Path) -> None:
    ours = {"public": {"train.csv": "b" * 32}, "private": {"test.csv": "c" * 32}}
    for verdict in (
        verify_prepared(CID, None, ours, False),
        verify_prepared(CID, None, ours, True),
        verify_download(CID, _written(tmp_path, ours), "a" * 32, False),  # no zip recorded
        verify_prepared(CID, _written(tmp_path, ours), ours, False, variant="leak_free"),
    ):
        assert verdict.outcome == Outcome.NO_REFERENCE and not verdict.failed
        assert verdict.warning and "NOT compared" in verdict.warning
    synthetic = verify_download(CID, None, "a" * 32, True)
    assert synthetic.outcome == Outcome.SYNTHETIC_DOWNLOAD and synthetic.warning is None


def test_files_whose_mlebench_md5_cannot_be_reproduced_are_named_not_compared(
    tmp_path: Path,
) -> None:
    cid = "icecube-neutrinos-in-deep-ice"
    skipped = get_competition(cid).options["checksums_not_reproducible"].split()
    assert skipped == ["public/train_meta.parquet", "public/test_meta.parquet"]
    expected = load_checksums(get_competition(cid).folder / "checksums.yaml")
    ours = {
        **expected,
        "public": {**expected["public"], "train_meta.parquet": "f" * 32, "test_meta.parquet": "0"},
    }
    reference = Reference(get_competition(cid).folder / "checksums.yaml", "mle-bench")
    verdict = verify_prepared(cid, reference, ours, False)
    assert verdict.outcome == Outcome.MATCH and verdict.compared == 3
    assert "not compared" in verdict.message and "public/train_meta.parquet" in verdict.message
    # Every other file still is, and sample pins compare everything.
    ours["private"] = {"test.csv": "e" * 32}
    assert verify_prepared(cid, reference, ours, False).outcome == Outcome.PREPARATION_MISMATCH
    pins = _written(tmp_path, {**expected, "public": dict(expected["public"])})
    assert verify_prepared(cid, pins, {**expected, **ours}, True).failed
