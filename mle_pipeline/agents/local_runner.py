"""Run an agent as a local subprocess through Dagster Pipes, with a time limit.

Dagster's ``PipesSubprocessClient`` has no timeout, so this opens the Pipes session itself
(``open_pipes_session``), starts the agent in its own process group, and kills the whole
group when the time limit passes or the Dagster run is cancelled.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    DagsterExecutionInterruptedError,
    PipesTempFileContextInjector,
    PipesTempFileMessageReader,
    open_pipes_session,
)

from mle_pipeline.agents.outcome import AgentStartError, ProcessResult
from mle_pipeline.agents.pipes_reports import reported_metadata
from mle_pipeline.agents.sandbox import sandboxed_command, unshare_flags
from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.integrity.signals import HOOK_DIR, allowed_reads, audit_env

GRACE_SECONDS = 5.0
# Only these host variables reach an agent; everything else must be declared in its spec.
PASSED_THROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR")


def agent_environment(
    spec: AgentSpec, workspace: Workspace, extra: dict[str, str], home: Path | None = None
) -> dict[str, str]:
    """The agent's environment: a few host basics, its declared env and secrets, run facts,
    and the integrity audit hook (``integrity/signals.py``).

    ``home`` is where the agent sees its workspace (default: where it is)."""
    env = {k: os.environ[k] for k in PASSED_THROUGH if k in os.environ}
    env.update(spec.env)
    missing = [name for name in spec.secrets if name not in os.environ]
    if missing:
        raise RuntimeError(
            f"agent {spec.name!r} needs secret environment variable(s) {missing}, "
            "which are not set for this process"
        )
    env.update({name: os.environ[name] for name in spec.secrets})
    env.update(workspace.env(home))
    env.update(extra)
    env["HOME"] = str(home or workspace.home)
    env.update(audit_env(env["HOME"], str(HOOK_DIR), env))
    return env


def _last_line(path: Path) -> str:
    lines = path.read_text(errors="replace").strip().splitlines() if path.is_file() else []
    return lines[-1] if lines else "(no output)"


def _instance_root(context: AssetExecutionContext) -> list[Path]:
    root = getattr(context.instance, "root_directory", None)
    return [Path(root)] if root else []


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
    """Runs the agent's command on this machine in its workspace.

    ``hidden``: folders the agent must not see (the data root, the Dagster instance); they
    are covered inside a sandbox when one is available (see ``agents/sandbox.py``).
    """

    name = "local"

    def __init__(self, hidden: tuple[Path, ...] = ()):
        self.hidden = hidden

    def preflight(self, spec: AgentSpec) -> None:
        """Refuse a command that cannot be found here, before the workspace is touched."""
        program = spec.resolved_command()[0]
        if "/" in program and not os.path.isabs(program):
            return  # relative to the workspace it runs in: checked there (see sandbox.py)
        if shutil.which(program, path=os.environ.get("PATH")) is None:
            raise AgentStartError(
                f"agent {spec.name!r}: command {program!r} not found (declared in "
                f"{spec.source or 'its spec'}); install it or fix `command:`"
            )

    def run(
        self,
        context: AssetExecutionContext,
        spec: AgentSpec,
        workspace: Workspace,
        *,
        time_limit: float,
        extra_env: dict[str, str],
    ) -> ProcessResult:
        command, cwd, view, started_marker = spec.resolved_command(), workspace.home, None, None
        sandbox = "none"
        if unshare_flags() is not None:
            scratch = Path(tempfile.mkdtemp(prefix="mle-agent-"))
            view, started_marker = scratch / "home", scratch / "started"
            view.mkdir()
            hidden = [*self.hidden, *_instance_root(context)]
            keep = [spec.source.parent] if spec.source else []
            command = sandboxed_command(
                command, workspace.home, view, hidden, started=started_marker, keep=keep
            )
            cwd, sandbox = view, "namespaces"
        else:
            context.log.warning("no sandbox for local agents here (unshare unavailable)")
        env = agent_environment(spec, workspace, extra_env, home=cwd)
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
            pipes_env = session.get_bootstrap_env_vars()
            try:
                process = subprocess.Popen(
                    command,
                    cwd=cwd,
                    env={**env, **pipes_env, **allowed_reads(pipes_env)},
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_die_with_parent,
                )
            except OSError as err:
                raise AgentStartError(
                    f"agent {spec.name!r} could not start {command[0]!r}: {err.strerror or err}"
                ) from None
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
        if view is not None:
            never_started = not started_marker.exists()
            shutil.rmtree(view.parent, ignore_errors=True)
            if never_started:
                raise AgentStartError(
                    f"agent {spec.name!r} never started: the sandbox could not be set up or "
                    f"its command is not visible inside it (exit {process.returncode}): "
                    f"{_last_line(workspace.agent_log)}"
                )
        return ProcessResult(
            exit_code=process.returncode,
            timed_out=timed_out,
            wall_seconds=time.monotonic() - started,
            kill_reason=kill_reason,
            reported_metadata=reported_metadata(session, sandbox=sandbox),
        )
