"""Run an agent in a Docker container through Dagster Pipes, with a time limit.

The container sees what MLE-bench's agent container sees, and nothing else::

    <run_dir>/home/data              -> /home/data              read-only
    <run_dir>/home/submission        -> /home/submission
    <run_dir>/home/logs              -> /home/logs
    <run_dir>/home/code              -> /home/code
    <run_dir>/home/instructions.txt  -> /home/instructions.txt  read-only

No other host path is mounted (not the prepared folder with the answers, not the Dagster
instance, not other runs), and there is no network (``network_mode="none"``) unless the
agent's spec asks for it. The one way out is the run's validation socket, when the run
serves one (``VALIDATION_SOCKET`` in ``extra_env``, see ``mle_pipeline.agents.validation``).

``dagster_docker.PipesDockerClient`` has no timeout and leaves containers behind, so this
opens the Pipes session itself with dagster-docker's pieces (context in the environment,
messages read from the container's stderr), enforces the time limit (stop, then kill), and
removes the container whatever happens: normal exit, timeout, error or run cancellation.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

from dagster import (
    AssetExecutionContext,
    DagsterExecutionInterruptedError,
    PipesEnvContextInjector,
    open_pipes_session,
)
from dagster_docker import PipesDockerLogsMessageReader
from dagster_pipes import PIPES_PROTOCOL_VERSION_FIELD

from mle_pipeline.agents.outcome import AgentStartError, ProcessResult
from mle_pipeline.agents.pipes_reports import reported_metadata
from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.agents.validation import SOCKET_ENV, URL_ENV
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.integrity.signals import HOOK_DIR, audit_env

GRACE_SECONDS = 5.0
POLL_SECONDS = 0.2
LOG_DRAIN_SECONDS = 10.0
MAX_LINE_BYTES = 1 << 20
PIDS_LIMIT = 4096
BUILD_HINT = "bash containers/build.sh"
LABEL = "mle_pipeline.run_dir"
_PIPES_MARK = PIPES_PROTOCOL_VERSION_FIELD.encode()
TINI_EXEC_FAILED = re.compile(r"\[FATAL tini \(\d+\)\] exec .* failed: ")

CONTAINER_HOME = "/home"
CONTAINER_PATHS = {
    "DATA_DIR": "/home/data",
    "SUBMISSION_DIR": "/home/submission",
    "LOGS_DIR": "/home/logs",
    "CODE_DIR": "/home/code",
    "AGENT_HOME": CONTAINER_HOME,
}
VALIDATION_MOUNT = "/run/mle-validation"
AUDIT_MOUNT = "/opt/mle-integrity"  # the audit hook's sitecustomize (integrity/signals.py)


class DockerUnavailableError(AgentStartError):
    """No engine answers, or the agent's image is not on this machine."""


def container_command(spec: AgentSpec) -> list[str]:
    """The spec's command for the image's interpreter (``{python}`` is ``python`` there)."""
    return [part.replace("{python}", "python") for part in spec.command]


def container_environment(spec: AgentSpec, extra: dict[str, str]) -> dict[str, str]:
    """The container's environment: declared env and secrets, MLE-bench's paths, run facts.

    Nothing of the host's environment is passed on except the secrets the spec names.
    """
    missing = [name for name in spec.secrets if name not in os.environ]
    if missing:
        raise RuntimeError(
            f"agent {spec.name!r} needs secret environment variable(s) {missing}, "
            "which are not set for this process"
        )
    env = dict(spec.env)
    env.update({name: os.environ[name] for name in spec.secrets})
    env.update(CONTAINER_PATHS)
    env.update(extra)
    env["HOME"] = CONTAINER_HOME
    env.update(audit_env(CONTAINER_HOME, AUDIT_MOUNT, env))
    if extra.get(SOCKET_ENV):
        # The host's socket path and loopback URL mean nothing inside: point at the mount.
        env[SOCKET_ENV] = f"{VALIDATION_MOUNT}/{Path(extra[SOCKET_ENV]).name}"
        parts = urlsplit(extra.get(URL_ENV) or "http://localhost/validate")
        env[URL_ENV] = urlunsplit(("http", "localhost", parts.path, parts.query, ""))
    return env


def container_mounts(workspace: Workspace, extra: dict[str, str]) -> dict[str, dict]:
    volumes = {
        str(workspace.data): {"bind": CONTAINER_PATHS["DATA_DIR"], "mode": "ro"},
        str(workspace.submission_dir): {"bind": CONTAINER_PATHS["SUBMISSION_DIR"], "mode": "rw"},
        str(workspace.logs): {"bind": CONTAINER_PATHS["LOGS_DIR"], "mode": "rw"},
        str(workspace.code): {"bind": CONTAINER_PATHS["CODE_DIR"], "mode": "rw"},
        str(workspace.instructions): {"bind": "/home/instructions.txt", "mode": "ro"},
        str(HOOK_DIR): {"bind": AUDIT_MOUNT, "mode": "ro"},
    }
    if extra.get(SOCKET_ENV):
        volumes[str(Path(extra[SOCKET_ENV]).parent)] = {"bind": VALIDATION_MOUNT, "mode": "ro"}
    return {str(Path(host).resolve()): bind for host, bind in volumes.items()}


def container_limits(spec: AgentSpec) -> dict:
    """Docker's resource arguments from the spec (CPUs capped at what the host has)."""
    import docker.types

    resources = spec.resources
    cpus = min(float(resources.cpus), float(os.cpu_count() or 1))
    memory = f"{max(6, int(resources.memory_gb * 1024))}m"
    limits = {
        "nano_cpus": int(cpus * 1e9),
        "mem_limit": memory,
        "memswap_limit": memory,  # no swap beyond the memory limit
        "shm_size": f"{max(1, int(resources.shm_gb * 1024))}m",
        "pids_limit": PIDS_LIMIT,
    }
    if resources.gpus > 0:
        limits["device_requests"] = [
            docker.types.DeviceRequest(count=int(resources.gpus), capabilities=[["gpu"]])
        ]
    return limits


class _StreamingLogsReader(PipesDockerLogsMessageReader):
    """dagster-docker's log reader, made to stream stdout and stderr into the run's log.

    Pipes messages (JSON lines on stderr) go to Dagster; every other line goes to
    ``agent.log``, as the local runner's log holds the process's own output only.
    """

    def __init__(self) -> None:
        super().__init__()
        self._write_lock = threading.Lock()

    def consume_streams(self, container, sink: BinaryIO) -> list[threading.Thread]:
        handler = self._handler
        if handler is None:
            raise RuntimeError("Can only consume logs within the Pipes session")
        threads = [
            threading.Thread(
                target=self._pump,
                args=(container.logs(stdout=out, stderr=not out, stream=True, follow=True),),
                kwargs={"sink": sink, "handler": handler if not out else None},
                name=f"agent-{'stdout' if out else 'stderr'}",
                daemon=True,
            )
            for out in (True, False)
        ]
        for thread in threads:
            thread.start()
        return threads

    def _pump(self, chunks: Iterable[bytes], *, sink: BinaryIO, handler) -> None:
        pending = b""
        try:
            for chunk in chunks:
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    self._line(line, sink, handler)
                if len(pending) > MAX_LINE_BYTES:
                    self._line(pending, sink, None)
                    pending = b""
        except Exception:  # noqa: BLE001 - the stream ends with the container, however it ends
            pass
        if pending:
            self._line(pending, sink, handler)

    def _line(self, line: bytes, sink: BinaryIO, handler) -> None:
        if handler is not None and line.startswith(b"{") and _PIPES_MARK in line:
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if isinstance(message, dict) and PIPES_PROTOCOL_VERSION_FIELD in message:
                handler.handle_message(message)
                return
        with self._write_lock:
            sink.write(line + b"\n")
            sink.flush()


class DockerRunner:
    """Runs the agent's ``image`` with its command, in a container per run."""

    name = "docker"

    def __init__(
        self,
        *,
        grace_seconds: float = GRACE_SECONDS,
        poll_seconds: float = POLL_SECONDS,
        run_as_host_user: bool = True,
    ) -> None:
        self.grace_seconds = grace_seconds
        self.poll_seconds = poll_seconds
        self.run_as_host_user = run_as_host_user

    # -- the engine and the image ---------------------------------------------------------
    @staticmethod
    def client():
        import docker
        import docker.errors

        try:
            client = docker.from_env(timeout=120)
            client.ping()
        except docker.errors.DockerException as err:
            raise DockerUnavailableError(
                f"no Docker engine answers ({err}). Start one and build the agent image with "
                f"`{BUILD_HINT}`, or run agents locally (MLE_PIPELINE_RUNNER=local)"
            ) from None
        return client

    @staticmethod
    def require_image(client, spec: AgentSpec) -> str:
        import docker.errors

        if not spec.image:
            raise DockerUnavailableError(
                f"agent {spec.name!r} declares no `image:` in {spec.source}; add one "
                "(e.g. mle-pipeline/agent:latest) or run it with the local runner"
            )
        try:
            client.images.get(spec.image)
        except docker.errors.ImageNotFound:
            raise DockerUnavailableError(
                f"image {spec.image!r} of agent {spec.name!r} is not on this machine; build "
                f"it with `{BUILD_HINT}` (images are never pulled from a registry here)"
            ) from None
        return spec.image

    @staticmethod
    def remove_leftovers(client, workspace: Workspace) -> None:
        """Containers of this run left by a step process that was killed outright."""
        for stale in client.containers.list(
            all=True, filters={"label": f"{LABEL}={workspace.run_dir}"}
        ):
            _remove(stale)

    def preflight(self, spec: AgentSpec) -> None:
        """The engine answers and the image is here, before the workspace is touched."""
        client = self.client()
        try:
            self.require_image(client, spec)
        finally:
            client.close()

    # -- one run ---------------------------------------------------------------------------
    def run(
        self,
        context: AssetExecutionContext,
        spec: AgentSpec,
        workspace: Workspace,
        *,
        time_limit: float,
        extra_env: dict[str, str],
    ) -> ProcessResult:
        client = self.client()
        try:
            return self._run(client, context, spec, workspace, time_limit, extra_env)
        finally:
            client.close()

    def _run(
        self,
        client,
        context: AssetExecutionContext,
        spec: AgentSpec,
        workspace: Workspace,
        time_limit: float,
        extra_env: dict[str, str],
    ) -> ProcessResult:
        import docker.errors

        image = self.require_image(client, spec)
        env = container_environment(spec, extra_env)
        self.remove_leftovers(client, workspace)
        reader = _StreamingLogsReader()
        started = time.monotonic()
        timed_out, kill_reason, state = False, None, {}
        with (
            open_pipes_session(
                context=context,
                context_injector=PipesEnvContextInjector(),
                message_reader=reader,
            ) as session,
            open(workspace.agent_log, "wb") as log_file,
        ):
            container = client.containers.create(
                image,
                container_command(spec),
                detach=True,
                environment={**env, **session.get_bootstrap_env_vars()},
                volumes=container_mounts(workspace, extra_env),
                working_dir=CONTAINER_HOME,
                network_mode="bridge" if spec.network else "none",
                user=f"{os.getuid()}:{os.getgid()}" if self.run_as_host_user else None,
                init=True,
                cap_drop=["ALL"],
                security_opt=["no-new-privileges"],
                labels={
                    LABEL: str(workspace.run_dir),
                    "mle_pipeline.agent": spec.name,
                    "mle_pipeline.dagster_run_id": context.run_id,
                },
                **container_limits(spec),
            )
            threads: list[threading.Thread] = []
            try:
                secrets = f", secrets {list(spec.secrets)} (values not logged)"
                context.log.info(
                    f"agent {spec.name}: container {container.short_id} from {image}, network "
                    f"{'on' if spec.network else 'none'}, limit {time_limit:g} s"
                    + (secrets if spec.secrets else "")
                )
                try:
                    container.start()
                except docker.errors.APIError as err:
                    raise AgentStartError(
                        f"agent {spec.name!r}: container from {image} did not start: "
                        f"{err.explanation or err}"
                    ) from None
                started = time.monotonic()
                threads = reader.consume_streams(container, log_file)
                state = self._wait(container, started + time_limit)
                if state is None:
                    timed_out, kill_reason = True, f"time limit of {time_limit:g} s reached"
                    context.log.warning(f"agent {spec.name}: {kill_reason}; stopping it")
                    state = self._stop(container)
            except DagsterExecutionInterruptedError:
                context.log.warning(f"agent {spec.name}: run cancelled; removing its container")
                raise
            finally:
                if not state:
                    self._stop(container)
                for thread in threads:
                    thread.join(LOG_DRAIN_SECONDS)
                _remove(container)
        if state.get("OOMKilled") and not timed_out:
            kill_reason = f"out of memory (limit {spec.resources.memory_gb:g} GB)"
        failed_exec = _init_exec_failure(workspace.agent_log, state.get("ExitCode"))
        if failed_exec:
            raise AgentStartError(
                f"agent {spec.name!r}: its command did not start in {image}: {failed_exec}"
            )
        return ProcessResult(
            exit_code=state.get("ExitCode"),
            timed_out=timed_out,
            wall_seconds=time.monotonic() - started,
            kill_reason=kill_reason,
            reported_metadata=reported_metadata(session),
        )

    def _wait_a_little(self) -> None:
        time.sleep(self.poll_seconds)

    def _wait(self, container, deadline: float) -> dict | None:
        """The container's final state, or None when the deadline passes first."""
        while True:
            container.reload()
            state = container.attrs.get("State", {})
            if state.get("Status") in ("exited", "dead"):
                return state
            if time.monotonic() >= deadline:
                return None
            self._wait_a_little()

    def _stop(self, container) -> dict:
        """SIGTERM, then SIGKILL after the grace period; the final state."""
        import docker.errors

        try:
            container.stop(timeout=int(self.grace_seconds))
        except docker.errors.NotFound:
            return {}
        except docker.errors.APIError:
            try:
                container.kill()
            except docker.errors.APIError:
                pass
        try:
            container.wait(timeout=self.grace_seconds + 30)
            container.reload()
        except Exception:  # noqa: BLE001 - best effort; removal follows
            return {}
        return container.attrs.get("State", {})


def _init_exec_failure(log: Path, exit_code: int | None) -> str | None:
    """The container's init (tini, ``init=True``) saying it could not exec the command
    (exit 127 not found, 126 not executable), or None when the command ran."""
    if exit_code not in (126, 127) or not log.is_file():
        return None
    with log.open("rb") as handle:
        handle.seek(max(0, log.stat().st_size - 4096))
        tail = handle.read().decode(errors="replace")
    lines = [line for line in tail.splitlines() if TINI_EXEC_FAILED.search(line)]
    return lines[-1].strip() if lines else None


def _remove(container) -> None:
    import docker.errors

    try:
        container.remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as err:
        if "already in progress" not in str(err):
            raise
