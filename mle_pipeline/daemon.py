"""Dagster's webserver and daemon for one ``mle-pipeline run --parallel N``, unless a
daemon is running on the instance already (``mle-pipeline ui``): then that one and its
webserver are used.

The child (``dagster dev``: the webserver for GraphQL and the UI, the daemon for the
backfill and the run queue, one code server) opens the same storage as the CLI's instance
through a dagster.yaml of its own, in a temporary folder: the instance's, with
``$DAGSTER_HOME`` spelled out and the run queue bounded at N, so the limit holds for this
command and the UI's own queue is unchanged. The pools of ``concurrency:`` (agent runs,
GPU agent runs, downloads) still apply.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from dagster import DagsterInstance

from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.backfill import DEFAULT_URL, BackfillError, graphql

WORKSPACE = (
    "load_from:\n  - python_module:\n      module_name: mle_pipeline.definitions\n"
    "      location_name: mle_pipeline\n"
)
LOG_NAME = "mle-pipeline-daemon.log"
LOADED = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"


def daemon_running(instance: DagsterInstance) -> bool:
    """A daemon heartbeats on this instance: its backfill and run queue loops are healthy."""
    statuses = instance.get_daemon_statuses(["BACKFILL", "QUEUED_RUN_COORDINATOR"])
    return all(status.healthy for status in statuses.values())


def _spell_out(value: object, home: str) -> object:
    """The config with ``{env: DAGSTER_HOME}`` replaced by the CLI's home."""
    if value == {"env": "DAGSTER_HOME"}:
        return home
    if isinstance(value, dict):
        return {k: _spell_out(v, home) for k, v in value.items()}
    if isinstance(value, list):
        return [_spell_out(v, home) for v in value]
    return value


def daemon_config(home: Path, max_runs: int) -> dict:
    """The instance's dagster.yaml (if any) on the same storage, the queue bounded at max_runs."""
    path = home / "dagster.yaml"
    try:
        loaded = yaml.safe_load(path.read_text()) if path.is_file() else {}
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from None
    config = _spell_out(loaded or {}, str(home))
    if not isinstance(config, dict):
        raise ValueError(f"{path}: expected a mapping of instance settings")
    config.setdefault("storage", {"sqlite": {"base_dir": str(home)}})
    config.setdefault("telemetry", {"enabled": False})
    config.setdefault(
        "local_artifact_storage",
        {
            "module": "dagster.core.storage.root",
            "class": "LocalArtifactStorage",
            "config": {"base_dir": str(home)},
        },
    )
    config.setdefault(
        "compute_logs",
        {
            "module": "dagster.core.storage.local_compute_log_manager",
            "class": "LocalComputeLogManager",
            "config": {"base_dir": str(home / "storage")},
        },
    )
    coordinator = config.get("run_coordinator") or {}
    queued = coordinator.get("class") == "QueuedRunCoordinator"
    if queued and "max_concurrent_runs" in (coordinator.get("config") or {}):
        coordinator["config"]["max_concurrent_runs"] = max_runs
    else:
        if not queued:
            config["run_coordinator"] = {
                "module": "dagster.core.run_coordinator",
                "class": "QueuedRunCoordinator",
            }
        config.setdefault("concurrency", {}).setdefault("runs", {})
        config["concurrency"]["runs"]["max_concurrent_runs"] = max_runs
    return config


def settings_env(settings: PipelineSettings) -> dict[str, str]:
    """The MLE_PIPELINE_* variables that give the daemon's code location these settings."""
    values = {
        "MLE_PIPELINE_DATA": str(settings.layout.root),
        "MLE_PIPELINE_SOURCE": settings.source,
        "MLE_PIPELINE_MIRROR": settings.mirror_dir,
        "MLE_PIPELINE_RUNNER": settings.runner,
        "MLE_PIPELINE_VERIFY": "1" if settings.verify else "0",
        "MLE_PIPELINE_KEEP_RAW": "1" if settings.keep_raw else "0",
        "MLE_PIPELINE_MLEBENCH": settings.mlebench_dir,
        "MLE_PIPELINE_DESCRIPTION": settings.description,
        "MLE_PIPELINE_TIME_LIMIT": (
            str(settings.time_limit_seconds) if settings.time_limit_seconds else None
        ),
        "MLE_PIPELINE_PLAGIARISM_THRESHOLD": (
            str(settings.plagiarism_threshold) if settings.plagiarism_threshold else None
        ),
    }
    return {k: v for k, v in values.items() if v is not None}


@dataclass
class Dagster:
    """Where GraphQL is served, and the child process serving it (None: not ours)."""

    url: str
    child: subprocess.Popen | None = None

    def alive(self) -> bool:
        return self.child is None or self.child.poll() is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_loaded(dagster: Dagster, timeout: float = 600.0) -> None:
    """Until the webserver answers and has loaded the code location."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while True:
        if not dagster.alive():
            raise BackfillError("`dagster dev` stopped while starting (see its log)")
        try:
            data = graphql(dagster.url, LOADED, {}, timeout=10)
            entries = (data.get("workspaceOrError") or {}).get("locationEntries") or []
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                return
            last = "the code location is still loading"
        except BackfillError as err:
            last = str(err)  # not listening yet
        if time.monotonic() > deadline:
            raise BackfillError(f"no Dagster webserver ready after {timeout:.0f}s: {last}")
        time.sleep(1.0)


@contextmanager
def dagster_for_run(
    instance: DagsterInstance,
    settings: PipelineSettings,
    max_runs: int,
    echo: Callable[[str], None] = print,
) -> Iterator[Dagster]:
    """A webserver and daemon for this command: the running ones, else a ``dagster dev``
    child with the queue bounded at max_runs; on exit the child is stopped and its daemon
    heartbeats wiped (a next command must not take them for a live daemon)."""
    if daemon_running(instance):
        url = os.environ.get("MLE_PIPELINE_DAGSTER_URL", DEFAULT_URL)
        echo(f"  using the Dagster daemon running on this instance (its queue) and {url}")
        dagster = Dagster(url)
        wait_until_loaded(dagster, timeout=10)
        yield dagster
        return
    home = Path(os.environ["DAGSTER_HOME"])
    program = Path(sys.executable).with_name("dagster")
    with tempfile.TemporaryDirectory(prefix="mle-pipeline-dagster-") as tmp:
        Path(tmp, "dagster.yaml").write_text(yaml.safe_dump(daemon_config(home, max_runs)))
        Path(tmp, "workspace.yaml").write_text(WORKSPACE)
        env = {**os.environ, **settings_env(settings), "DAGSTER_HOME": tmp}
        port = _free_port()
        command = [str(program), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
        log = home / LOG_NAME
        with log.open("ab") as out:
            # Its own session: Ctrl-C reaches this process only, which stops runs first.
            child = subprocess.Popen(
                command,
                env=env,
                cwd=tmp,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        dagster = Dagster(f"http://127.0.0.1:{port}", child)
        echo(
            f"  started `dagster dev` (pid {child.pid}; at most {max_runs} runs at once; "
            f"UI {dagster.url}; log {log})"
        )
        try:
            wait_until_loaded(dagster)
            yield dagster
        finally:
            stop(child)
            instance.wipe_daemon_heartbeats()


def stop(child: subprocess.Popen, timeout: float = 60.0) -> None:
    """SIGINT (``dagster dev`` stops its webserver, daemon and code server), then SIGKILL."""
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
