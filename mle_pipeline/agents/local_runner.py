"""Run an agent as a local subprocess through Dagster Pipes, with a time limit.

Dagster's ``PipesSubprocessClient`` has no timeout, so this opens the Pipes session itself
(``open_pipes_session``), starts the agent in its own process group, and kills the whole
group when the time limit passes or the Dagster run is cancelled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass

from dagster import (
    AssetExecutionContext,
    PipesTempFileContextInjector,
    PipesTempFileMessageReader,
    open_pipes_session,
)
from dagster._core.errors import DagsterExecutionInterruptedError

from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.agents.workspace import Workspace

GRACE_SECONDS = 5.0
# Only these host variables reach an agent; everything else must be declared in its spec.
PASSED_THROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR")


@dataclass(frozen=True)
class ProcessResult:
    exit_code: int | None
    timed_out: bool
    wall_seconds: float
    kill_reason: str | None
    reported_metadata: dict


def agent_environment(
    spec: AgentSpec, workspace: Workspace, extra: dict[str, str]
) -> dict[str, str]:
    """The agent's environment: a few host basics, its declared env and secrets, run facts."""
    env = {k: os.environ[k] for k in PASSED_THROUGH if k in os.environ}
    env.update(spec.env)
    missing = [name for name in spec.secrets if name not in os.environ]
    if missing:
        raise RuntimeError(
            f"agent {spec.name!r} needs secret environment variable(s) {missing}, "
            "which are not set for this process"
        )
    env.update({name: os.environ[name] for name in spec.secrets})
    env.update(workspace.env())
    env.update(extra)
    env["HOME"] = str(workspace.home)
    return env


def _die_with_parent() -> None:
    """In the child: get SIGKILL if the Dagster step process dies (Linux), so a killed
    run never leaves an agent running unsupervised."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _kill_group(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class LocalRunner:
    """Runs the agent's command on this machine in its workspace."""

    name = "local"

    def run(
        self,
        context: AssetExecutionContext,
        spec: AgentSpec,
        workspace: Workspace,
        *,
        time_limit: float,
        extra_env: dict[str, str],
    ) -> ProcessResult:
        env = agent_environment(spec, workspace, extra_env)
        started = time.monotonic()
        timed_out, kill_reason = False, None
        with (
            open_pipes_session(
                context=context,
                context_injector=PipesTempFileContextInjector(),
                message_reader=PipesTempFileMessageReader(),
            ) as session,
            open(workspace.agent_log, "wb") as log_file,
        ):
            process = subprocess.Popen(
                spec.resolved_command(),
                cwd=workspace.home,
                env={**env, **session.get_bootstrap_env_vars()},
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            try:
                process.wait(timeout=time_limit)
            except subprocess.TimeoutExpired:
                timed_out, kill_reason = True, f"time limit of {time_limit:g} s reached"
                context.log.warning(f"agent {spec.name}: {kill_reason}; killing it")
                _kill_group(process)
            except DagsterExecutionInterruptedError:
                _kill_group(process)
                raise
            finally:
                if process.poll() is None:
                    _kill_group(process)
        reported = {}
        for result in session.get_results():
            reported.update(getattr(result, "metadata", None) or {})
        return ProcessResult(
            exit_code=process.returncode,
            timed_out=timed_out,
            wall_seconds=time.monotonic() - started,
            kill_reason=kill_reason,
            reported_metadata={k: getattr(v, "value", v) for k, v in reported.items()},
        )
