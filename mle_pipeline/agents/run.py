"""One agent run from start to outcome: workspace, runner, run.json. Never touches answers."""

from __future__ import annotations

from pathlib import Path

from dagster import AssetExecutionContext

from mle_pipeline.agents.builtin.common import sample_submission
from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.agents.task_text import TaskText, choose_task_text
from mle_pipeline.agents.validation import serving_validation
from mle_pipeline.agents.workspace import create_workspace, release_workspace
from mle_pipeline.atomic import LockBusyError, exclusive_lock
from mle_pipeline.integrity.signals import collect_signals
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest
from mle_pipeline.timestamps import now_iso


def run_agent(
    context: AssetExecutionContext,
    spec: AgentSpec,
    runner,
    layout: DataLayout,
    competition_id: str,
    seed: int,
    *,
    time_limit: float | None = None,
    task_text: TaskText | None = None,
) -> RunOutcome:
    """Run ``spec`` on a prepared competition and record the outcome in ``run.json``;
    ``task_text`` is what the agent reads as ``data/description.md`` (default: the
    prepared summary)."""
    prepared = Manifest.load(layout.competition_dir(competition_id) / PREPARED_MANIFEST)
    if prepared is None:
        raise FileNotFoundError(f"{competition_id} is not prepared: materialize prepared first")
    task_text = task_text or choose_task_text(
        competition_id, layout.public_dir(competition_id), None
    )
    try:
        with exclusive_lock(run_lock_path(layout, spec.name, competition_id, seed), wait=False):
            return _run_locked(
                context,
                spec,
                runner,
                layout,
                competition_id,
                seed,
                prepared,
                time_limit,
                task_text,
            )
    except LockBusyError:
        raise RuntimeError(
            f"{spec.name} on {competition_id} seed {seed} {RUNNING_ELSEWHERE}; wait for it "
            "to finish (its report will appear) before running it again"
        ) from None


RUNNING_ELSEWHERE = "is already running in another process"


def run_lock_path(layout: DataLayout, agent: str, competition_id: str, seed: int) -> Path:
    """The lock an agent run holds while it runs (the kernel drops it if the run dies)."""
    run_dir = layout.run_dir(agent, competition_id, seed)
    return run_dir.with_name(f".{run_dir.name}.lock")


def wait_if_running_elsewhere(
    layout: DataLayout, agent: str, competition_id: str, seed: int
) -> bool:
    """Block while another process runs this partition; True if one was running."""
    path = run_lock_path(layout, agent, competition_id, seed)
    try:
        with exclusive_lock(path, wait=False):
            return False
    except LockBusyError:
        with exclusive_lock(path, wait=True):
            return True


def _run_locked(
    context: AssetExecutionContext,
    spec: AgentSpec,
    runner,
    layout: DataLayout,
    competition_id: str,
    seed: int,
    prepared: Manifest,
    time_limit: float | None,
    task_text: TaskText,
) -> RunOutcome:
    limit = time_limit if time_limit is not None else spec.time_limit_seconds
    runner.preflight(spec)  # an agent that cannot start leaves the last attempt in place
    workspace = create_workspace(
        layout.run_dir(spec.name, competition_id, seed),
        layout.public_dir(competition_id),
        description=task_text.content,
    )
    started_at = now_iso()
    try:
        # The validation server reads the answers in this process; the agent only gets a URL.
        with serving_validation(competition_id, layout) as endpoint:
            result = runner.run(
                context,
                spec,
                workspace,
                time_limit=limit,
                extra_env={
                    "COMPETITION_ID": competition_id,
                    "SEED": str(seed),
                    "TIME_LIMIT_SECS": str(int(limit)),
                    **endpoint.env(),
                },
            )
    finally:
        release_workspace(workspace)
    outcome = RunOutcome(
        agent=spec.name,
        competition_id=competition_id,
        seed=seed,
        runner=runner.name,
        exit_code=result.exit_code,
        timed_out=result.timed_out,
        wall_seconds=round(result.wall_seconds, 3),  # the agent's own, as its limit counts
        time_limit_seconds=limit,
        kill_reason=result.kill_reason,
        submission_exists=workspace.submission.is_file(),
        started_at=started_at,
        finished_at=now_iso(),
        data_source=prepared.source,
        sample_data=prepared.sample_data,
        reported_metadata=result.reported_metadata,
        preparation_variant=prepared.variant,
        description=task_text.kind,
        description_sha256=task_text.sha256,
        integrity=collect_signals(
            workspace.home, spec.network, sample_submission(workspace.home / "data")
        ).as_dict(),
    )
    outcome.save(workspace.result)
    return outcome
