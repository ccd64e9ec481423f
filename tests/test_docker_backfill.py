"""The scale-out path for real: PostgreSQL storage, the Docker run launcher, a daemon that
starts each run of a backfill in its own container of the run image, and a lite backfill
of three competitions with the dummy agent that completes that way.

Needs MLE_PIPELINE_TEST_PG_URL (CI: `bash .ci/postgres.sh`), a Docker engine and the run
image (`bash containers/build.sh --run-image`); skipped, saying so, without them (CI sets
MLE_PIPELINE_TEST_DOCKER=required, so a missing image fails there).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, AssetRecordsFilter, DagsterInstance, RunsFilter

from mle_pipeline.cli import main
from tests.browser import REPO, dagster_webserver
from tests.test_docker_runner import _engine, require_image

RUN_IMAGE = "mle-pipeline/dagster:latest"
COMPETITIONS = [
    "spaceship-titanic",
    "nomad2018-predict-transparent-conductors",
    "leaf-classification",
]
PG_URL = os.environ.get("MLE_PIPELINE_TEST_PG_URL", "")
if PG_URL.startswith(("postgresql://", "postgres://")):
    PG_URL = "postgresql+psycopg2://" + PG_URL.split("://", 1)[1]
pytestmark = pytest.mark.skipif(
    not PG_URL, reason="MLE_PIPELINE_TEST_PG_URL is not set: no PostgreSQL for the fleet storage"
)


def fleet_instance_config(home: Path, data: Path) -> dict:
    """deploy/dagster.yaml's storage and launcher, pointed at this machine: the containers
    share the host's network (PostgreSQL on loopback) and see the data root and
    DAGSTER_HOME at the same paths."""
    config = yaml.safe_load((REPO / "deploy" / "dagster.yaml").read_text())
    config["storage"] = {"postgres": {"postgres_url": {"env": "MLE_PIPELINE_PG_URL"}}}
    config["compute_logs"]["config"]["base_dir"] = str(home / "compute_logs")
    launcher = config["run_launcher"]["config"]
    launcher.pop("network")
    launcher["env_vars"] = [
        f"MLE_PIPELINE_DATA={data}",
        "MLE_PIPELINE_PG_URL",
        "MLE_PIPELINE_RUNNER=local",
        "MLE_PIPELINE_SOURCE=sample",
    ]
    launcher["container_kwargs"] = {
        "network_mode": "host",
        "volumes": [f"{data}:{data}", f"{home}:{home}"],
    }
    config["concurrency"]["runs"]["max_concurrent_runs"] = 3
    return config


def test_lite_backfill_runs_each_run_in_its_own_container(tmp_path: Path, monkeypatch) -> None:
    client, err = _engine()
    if client is None:
        pytest.skip(f"no Docker engine answers ({err}); `bash containers/build.sh` starts one")
    require_image(client, RUN_IMAGE)
    home, data = tmp_path / "dagster_home", tmp_path / "data"
    home.mkdir()
    data.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump(fleet_instance_config(home, data)))
    env = {"MLE_PIPELINE_DATA": str(data), "MLE_PIPELINE_PG_URL": PG_URL}
    for key, value in {**env, "DAGSTER_HOME": str(home)}.items():
        monkeypatch.setenv(key, value)
    daemon_bin = Path(sys.executable).with_name("dagster-daemon")
    with dagster_webserver(home, env) as (base, _), (home / "daemon.log").open("w") as log:
        daemon = subprocess.Popen(
            [str(daemon_bin), "run", "-w", "workspace.yaml"],
            cwd=REPO,
            env={**os.environ},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            argv = ["backfill", *(a for c in COMPETITIONS for a in ("-c", c)), "--agent", "dummy"]
            code = main([*argv, "--url", base, "--wait", "--interval", "2", "--timeout", "900"])
        finally:
            os.killpg(daemon.pid, signal.SIGTERM)
            daemon.wait(timeout=60)
    try:
        with DagsterInstance.get() as instance:
            (backfill,) = instance.get_backfills(limit=1)
            runs = instance.get_runs(RunsFilter(tags={"dagster/backfill": backfill.backfill_id}))
            logs = _container_logs(client, runs)
            assert code == 0, (home / "daemon.log").read_text()[-3000:] + logs
            # at least a preparation and an agent run (graded in its run) per competition,
            # every run in a container of its own from the run image, all successful.
            assert len(runs) >= 2 * len(COMPETITIONS), [r.asset_selection for r in runs]
            assert all(r.status.value == "SUCCESS" for r in runs), logs
            assert {r.tags.get("dagster/image") for r in runs} == {RUN_IMAGE}
            assert len({r.tags["docker/container_id"] for r in runs}) == len(runs)
            for key in (AssetKey("prepared"), AssetKey(["dummy", "graded_report"])):
                records = instance.fetch_materializations(
                    AssetRecordsFilter(asset_key=key), limit=100
                ).records
                mine = {r.partition_key for r in records if r.run_id in {x.run_id for x in runs}}
                assert {p.split("|")[0] for p in mine} == set(COMPETITIONS), key
        for cid in COMPETITIONS:
            report = json.loads((data / "reports" / "dummy" / cid / "seed-0.json").read_text())
            run_dir = data / "runs" / "dummy" / cid / "seed-0"
            why = (
                f"{report}\n{(run_dir / 'run.json').read_text()}\n"
                + ((run_dir / "agent.log").read_text()[-2000:])
            )
            assert report["competition_id"] == cid and report["submission_exists"], why
    finally:
        for container in client.containers.list(all=True, filters={"ancestor": RUN_IMAGE}):
            if container.labels.get("dagster/run_id") in {r.run_id for r in runs}:
                container.remove(force=True)


def _container_logs(client, runs) -> str:
    """The last lines of each run container's output, for a failure message."""
    out = []
    for run in runs:
        container_id = run.tags.get("docker/container_id")
        if container_id:
            try:
                tail = client.containers.get(container_id).logs(tail=15).decode(errors="replace")
            except Exception as err:  # noqa: BLE001 - only for the message
                tail = f"({err})"
            out.append(f"--- {run.run_id} {run.status.value}\n{tail}")
    return "\n".join(out)
