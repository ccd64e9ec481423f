"""`mle-pipeline backfill`: a real Dagster backfill through the webserver, run by a real
daemon (both subprocesses on a throwaway DAGSTER_HOME)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance

from mle_pipeline import backfill
from mle_pipeline.cli import main
from tests.browser import REPO, dagster_webserver, free_port, graphql

BACKFILLS = """
{ partitionBackfillsOrError { ... on PartitionBackfills { results {
    id title status isAssetBackfill numPartitions } } } }
"""


def test_unreachable_webserver_is_a_clear_error(capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["backfill", "-c", "spaceship-titanic", "--url", url]) == 1
    err = capsys.readouterr().err
    assert f"cannot reach the Dagster webserver at {url}" in err and "mle-pipeline ui" in err


def test_selection_names_each_partition_of_each_asset() -> None:
    selection = backfill.partitions_by_assets(["a", "b"], ["dummy"], [0, 1])
    by_key = {"/".join(s["assetKey"]["path"]): s["partitions"]["ranges"] for s in selection}
    assert set(by_key) == {
        "raw",
        "prepared",
        "reference_kernels",
        "dummy/agent_run",
        "dummy/graded_report",
    }
    prepare_only = backfill.partitions_by_assets(["a"], [], [0])
    assert {"/".join(s["assetKey"]["path"]) for s in prepare_only} == {"raw", "prepared"}
    assert [r["start"] for r in by_key["prepared"]] == ["a", "b"]
    assert [r["start"] for r in by_key["dummy/graded_report"]] == ["a|0", "a|1", "b|0", "b|1"]
    assert all(r["start"] == r["end"] for rs in by_key.values() for r in rs)


@pytest.mark.slow
def test_split_backfill_is_run_by_the_daemon_and_listed(tmp_path, monkeypatch, capsys) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    data = tmp_path / "data"
    env = {"MLE_PIPELINE_DATA": str(data)}
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("MLE_PIPELINE_DATA", str(data))
    daemon_bin = Path(sys.executable).with_name("dagster-daemon")
    with dagster_webserver(home, env) as (base, _), (home / "daemon.log").open("w") as log:
        daemon = subprocess.Popen(
            [str(daemon_bin), "run", "-w", "workspace.yaml"],
            cwd=REPO,
            env={**os.environ, **env, "DAGSTER_HOME": str(home)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            argv = ["backfill", "-c", "spaceship-titanic", "--agent", "dummy", "--url", base]
            code = main([*argv, "--wait", "--interval", "1", "--timeout", "300"])
        finally:
            os.killpg(daemon.pid, signal.SIGTERM)
            daemon.wait(timeout=60)
        out = capsys.readouterr().out
        assert code == 0, out + (home / "daemon.log").read_text()[-3000:]
        assert "backfill completed_success" in out and "0 failed" in out, out
        (listed,) = graphql(base, BACKFILLS)["partitionBackfillsOrError"]["results"]
    assert listed["isAssetBackfill"] and listed["status"] == "COMPLETED_SUCCESS"
    assert listed["title"].startswith("1 competition(s): prepare + dummy")
    with DagsterInstance.get() as instance:
        for key in (
            ["prepared"],
            ["reference_kernels"],
            ["dummy", "agent_run"],
            ["dummy", "graded_report"],
        ):
            done = instance.get_materialized_partitions(AssetKey(key))
            assert len(done) == 1 and next(iter(done)).startswith("spaceship-titanic"), key


def test_plan_keeps_implemented_ids_and_names_the_rest(unimplemented_id) -> None:
    planned = backfill.plan(["spaceship-titanic", unimplemented_id], ["dummy"], [0, 1], "x")
    assert planned.competitions == ["spaceship-titanic"]
    assert planned.left_out == [unimplemented_id]
    assert planned.title == "x: prepare + dummy × 2 seed(s)"
    with pytest.raises(backfill.BackfillError, match="none of the chosen"):
        backfill.plan([unimplemented_id], [], [0], "x")


def test_split_job_launches_the_splits_backfill_without_a_webserver(env) -> None:
    """The UI's one action, executed here: the `backfill_lite` job's run creates the asset
    backfill (through dagster-graphql on the same instance) that the backfills page lists."""
    from mle_pipeline.definitions import defs
    from mle_pipeline.registry import get_competition, load_split

    with DagsterInstance.get() as instance:
        result = defs.resolve_job_def("backfill_lite").execute_in_process(
            instance=instance,
            run_config={"ops": {"launch_lite_backfill": {"config": {"agent": "dummy"}}}},
        )
        assert result.success
        backfill_id = result.output_for_node("launch_lite_backfill")
        (created,) = instance.get_backfills()
        assert sorted(instance.get_dynamic_partitions("seed")) == ["0", "1", "2"]
    assert (
        created.backfill_id == backfill_id and created.title == "lite: prepare + dummy × 3 seed(s)"
    )
    assert created.tags == {"mle_pipeline/split": "lite"}
    implemented = {c for c in load_split("lite") if get_competition(c).implemented}
    targeted = created.asset_backfill_data.target_subset
    assert set(targeted.get_partitions_subset(AssetKey("prepared")).get_partition_keys()) == (
        implemented
    )
    runs = targeted.get_partitions_subset(AssetKey(["dummy", "graded_report"]))
    assert len(runs) == 3 * len(implemented) == 66
