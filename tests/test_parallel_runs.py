"""`mle-pipeline run --parallel N`: one Dagster backfill of what is not current, executed by
the daemon at most N runs at once; Ctrl-C cancels it and leaves nothing half-recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, DagsterInstance, DagsterRunStatus, RunsFilter

from mle_pipeline.agents.spec import _load_all
from mle_pipeline.cli import main
from mle_pipeline.daemon import daemon_config
from mle_pipeline.parallel import BACKFILL_TAG, Counts, Plan

REPO = Path(__file__).resolve().parents[1]
CID, OTHER = "spaceship-titanic", "spooky-author-identification"


def test_daemon_config_keeps_the_instance_and_bounds_the_queue(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    config = daemon_config(home, 3)
    assert config["storage"] == {"sqlite": {"base_dir": str(home)}}  # not the child's home
    assert config["concurrency"]["runs"]["max_concurrent_runs"] == 3
    assert config["concurrency"]["pools"]["default_limit"] == 2  # the pools still apply
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["compute_logs"]["config"]["base_dir"] == str(home / "storage")

    (home / "dagster.yaml").write_text(
        yaml.safe_dump(
            {
                "run_coordinator": {
                    "module": "dagster.core.run_coordinator",
                    "class": "QueuedRunCoordinator",
                    "config": {"max_concurrent_runs": 10},
                }
            }
        )
    )
    config = daemon_config(home, 4)
    assert config["run_coordinator"]["config"]["max_concurrent_runs"] == 4
    assert "concurrency" not in config  # Dagster refuses both places at once

    (home / "dagster.yaml").write_text("storage: [")
    with pytest.raises(ValueError, match="dagster.yaml"):
        daemon_config(home, 2)


def test_plan_selects_exactly_the_stale_partitions() -> None:
    plan = Plan(prepare=[CID], runs={"dummy": [f"{CID}|0"]}, grades={"dummy": [f"{OTHER}|1"]})
    selected = {
        "/".join(p["assetKey"]["path"]): [r["start"] for r in p["partitions"]["ranges"]]
        for p in plan.partitions_by_assets()
    }
    assert selected == {
        "raw": [CID],
        "prepared": [CID],
        "dummy/agent_run": [f"{CID}|0"],
        "dummy/graded_report": [f"{CID}|0", f"{OTHER}|1"],
    }
    assert plan.expected_runs == 3
    assert Plan().expected_runs == 0


def test_progress_line_counts_and_estimates_the_time_left() -> None:
    going = Counts("REQUESTED", done=8, running=4, queued=10, failed=0, mean_seconds=90.0)
    assert going.line(22, 4, 725) == (
        "[0:12:05] 8/22 done, 4 running, 10 queued, 0 failed, about 0:06:00 left"
    )  # 14 left, 4 at once: 4 more rounds of 90 s
    starting = Counts("REQUESTED", done=0, running=2, queued=0, failed=0, mean_seconds=None)
    assert starting.line(3, 2, 5) == "[0:00:05] 0/3 done, 2 running, 0 queued, 0 failed"


@pytest.mark.slow
def test_parallel_run_is_one_backfill_at_most_n_at_once(env: Path, capsys) -> None:
    argv = ["run", "-c", CID, "-c", OTHER, "--parallel", "2"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "started `dagster dev`" in out and "/overview/backfills" in out, out
    assert "5 materialized, 0 already current, 0 failed" in out, out
    assert "[0:0" in out and "0/4 done" in out and "4/4 done, 0 running" in out, out
    with DagsterInstance.get() as instance:
        (backfill,) = instance.get_backfills()
        records = instance.get_run_records(RunsFilter(tags={BACKFILL_TAG: backfill.backfill_id}))
        assert len(records) == 4 and all(
            r.dagster_run.status == DagsterRunStatus.SUCCESS for r in records
        )
        spans = [(r.start_time, r.end_time) for r in records]
        for start, _ in spans:  # never more than 2 runs at once
            assert sum(s <= start < e for s, e in spans) <= 2
        for key in (AssetKey(["dummy", "agent_run"]), AssetKey(["dummy", "graded_report"])):
            assert instance.get_materialized_partitions(key) == {f"{CID}|0", f"{OTHER}|0"}
        assert not instance.get_daemon_heartbeats()  # wiped: the next command starts one

    assert main(argv) == 0  # nothing stale: no backfill, no daemon
    out = capsys.readouterr().out
    assert "1 materialized, 4 already current" in out and "dagster dev" not in out, out


MARKER = "time.sleep(601.5)"  # finds the agents' processes (their pids are a namespace's)
SLEEPER = f"""\
name: sleeper
description: Says it started, then sleeps.
command: ["{{python}}", "-c", "import time; open('started', 'w').write('yes'); {MARKER}"]
time_limit_seconds: 900
"""


def _sleeping() -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if MARKER in text:
            found.append(cmdline.parent.name)
    return found


@pytest.mark.slow
def test_ctrl_c_cancels_the_backfill_and_kills_the_agents(env: Path, tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "sleeper.yaml").write_text(SLEEPER)
    child_env = {**os.environ, "MLE_PIPELINE_AGENTS": str(agents)}
    _load_all.cache_clear()
    command = [sys.executable, "-m", "mle_pipeline.cli", "run", "-c", CID, "-c", OTHER]
    command += ["--agent", "sleeper", "--parallel", "2"]
    cli = subprocess.Popen(
        command, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    marks = [env / "runs" / "sleeper" / c / "seed-0" / "home" / "started" for c in (CID, OTHER)]
    deadline = time.monotonic() + 900
    while not all(p.is_file() for p in marks):
        assert cli.poll() is None, cli.stdout.read()
        assert time.monotonic() < deadline, "the agents did not start"
        time.sleep(1)
    assert len(_sleeping()) >= 2
    cli.send_signal(signal.SIGINT)
    out = cli.communicate(timeout=300)[0]
    assert cli.returncode == 130, out
    assert "canceling backfill" in out, out
    assert not _sleeping()  # the agents were killed, not left sleeping
    with DagsterInstance.get() as instance:
        (backfill,) = instance.get_backfills()
        assert backfill.status.value in {"CANCELED", "CANCELING", "FAILED"}
        runs = instance.get_runs(RunsFilter(tags={BACKFILL_TAG: backfill.backfill_id}))
        assert all(r.is_finished for r in runs)
        assert {r.status for r in runs if "sleeper" in str(r.asset_selection)} == {
            DagsterRunStatus.CANCELED
        }
        for key in (AssetKey(["sleeper", "agent_run"]), AssetKey(["sleeper", "graded_report"])):
            assert not instance.get_materialized_partitions(key)  # nothing half-recorded


def test_unreachable_dagster_is_a_clear_failure(env: Path, monkeypatch, capsys) -> None:
    from mle_pipeline import daemon
    from tests.browser import free_port

    # A daemon heartbeats on the instance (`mle-pipeline ui`), but no webserver answers.
    monkeypatch.setattr(daemon, "daemon_running", lambda instance: True)
    monkeypatch.setenv("MLE_PIPELINE_DAGSTER_URL", f"http://127.0.0.1:{free_port()}")
    assert main(["run", "-c", CID, "--parallel", "2"]) == 1
    captured = capsys.readouterr()
    assert "FAIL  the backfill: no Dagster webserver ready" in captured.err, captured
    assert "cannot reach the Dagster webserver" in captured.err, captured
    assert "Traceback" not in captured.err
    assert "incomplete" in captured.out
