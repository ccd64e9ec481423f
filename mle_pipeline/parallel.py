"""``mle-pipeline run --parallel N``: one Dagster asset backfill of what is not current.

The backfill covers exactly the partitions ``staleness.py`` finds stale or missing; the
daemon (``daemon.py``) executes it, at most N runs at once and within the instance's pools,
and the UI's backfills page lists it. This process follows it from the instance's run
records and, on Ctrl-C, cancels it: queued runs are dropped, started ones terminated
through the run launcher (the agent's process group is killed, a container removed), so
no step is left half-way and nothing it did not finish is recorded.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from mle_pipeline.agents.run import RUNNING_ELSEWHERE
from mle_pipeline.backfill import FINISHED, BackfillError, graphql, launch_selection


def root_cause(error) -> str:
    """The innermost error message of a Dagster step failure (the user's own exception)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()


BACKFILL_TAG = "dagster/backfill"
PARTITION_TAG = "dagster/partition"
QUEUED = {DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.MANAGED}

CANCEL = """
mutation Cancel($id: String!) {
  cancelPartitionBackfill(backfillId: $id) {
    __typename
    ... on Error { message }
  }
}
"""


@dataclass
class Plan:
    """The partitions one backfill materializes (multi-partition keys ``competition|seed``)."""

    prepare: list[str] = field(default_factory=list)
    runs: dict[str, list[str]] = field(default_factory=dict)  # agent -> run + report
    grades: dict[str, list[str]] = field(default_factory=dict)  # agent -> report only

    @property
    def expected_runs(self) -> int:
        """One run per prepared competition and per agent partition."""
        per_agent = {(a, k) for group in (self.runs, self.grades) for a in group for k in group[a]}
        return len(self.prepare) + len(per_agent)

    def partitions_by_assets(self) -> list[dict]:
        def ranges(keys: Sequence[str]) -> dict:
            return {"ranges": [{"start": k, "end": k} for k in keys]}

        selection: list[tuple[list[str], list[str]]] = []
        if self.prepare:
            selection += [(["raw"], self.prepare), (["prepared"], self.prepare)]
        for agent in sorted(set(self.runs) | set(self.grades)):
            ran = self.runs.get(agent, [])
            if ran:
                selection.append(([agent, "agent_run"], ran))
            graded = ran + self.grades.get(agent, [])
            selection.append(([agent, "graded_report"], graded))
        return [{"assetKey": {"path": key}, "partitions": ranges(keys)} for key, keys in selection]


def launch(url: str, plan: Plan, title: str, tags: dict[str, str]) -> str:
    """Launch the backfill through the webserver's GraphQL API; its id."""
    return launch_selection(url, plan.partitions_by_assets(), title, tags)


@dataclass(frozen=True)
class Counts:
    status: str
    done: int
    running: int
    queued: int
    failed: int
    mean_seconds: float | None

    def line(self, expected: int, parallel: int, elapsed: float) -> str:
        finished = self.done + self.failed
        text = (
            f"[{_clock(elapsed)}] {self.done}/{max(expected, finished)} done, "
            f"{self.running} running, {self.queued} queued, {self.failed} failed"
        )
        if self.mean_seconds is not None and finished < expected:
            left = math.ceil((expected - finished) / parallel) * self.mean_seconds
            text += f", about {_clock(left)} left"
        return text


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def backfill_runs(instance: DagsterInstance, backfill_id: str):
    return instance.get_run_records(RunsFilter(tags={BACKFILL_TAG: backfill_id}))


def counts(instance: DagsterInstance, backfill_id: str) -> Counts:
    backfill = instance.get_backfill(backfill_id)
    status = backfill.status.value if backfill else "UNKNOWN"
    records = backfill_runs(instance, backfill_id)
    runs = [r.dagster_run for r in records]
    took = [
        r.end_time - r.start_time
        for r in records
        if r.dagster_run.status == DagsterRunStatus.SUCCESS and r.start_time and r.end_time
    ]
    return Counts(
        status=status,
        done=sum(r.status == DagsterRunStatus.SUCCESS for r in runs),
        running=sum(not r.is_finished and r.status not in QUEUED for r in runs),
        queued=sum(r.status in QUEUED for r in runs),
        failed=sum(r.is_finished and r.status != DagsterRunStatus.SUCCESS for r in runs),
        mean_seconds=sum(took) / len(took) if took else None,
    )


def follow(
    instance: DagsterInstance,
    backfill_id: str,
    expected: int,
    parallel: int,
    alive: Callable[[], bool] = lambda: True,
    echo: Callable[[str], None] = print,
    interval: float = 1.0,
) -> Counts:
    """Show progress until the backfill is done and none of its runs is still going: one
    updating line on a terminal, a line per change otherwise."""
    started, last = time.monotonic(), None
    tty = sys.stdout.isatty()
    while True:
        current = counts(instance, backfill_id)
        elapsed = time.monotonic() - started
        if tty:
            print("\r" + current.line(expected, parallel, elapsed).ljust(78), end="", flush=True)
        elif current != last:
            echo("  " + current.line(expected, parallel, elapsed))
        last = current
        if current.status in FINISHED and not (current.running or current.queued):
            if tty:
                print()
            return current
        if not alive():
            raise BackfillError(
                "the `dagster dev` child stopped before the backfill finished (see its log)"
            )
        time.sleep(interval)


def cancel(
    instance: DagsterInstance,
    url: str,
    backfill_id: str,
    echo: Callable[[str], None] = print,
    timeout: float = 120.0,
) -> None:
    """Stop the backfill: drop its queued runs and terminate its started ones (through the
    run launcher, so agents are killed and containers removed), until none is left."""
    _terminate(instance, backfill_id)
    try:
        result = graphql(url, CANCEL, {"id": backfill_id})["cancelPartitionBackfill"]
        if result.get("message"):
            echo(f"  cancel: {result['message']}")
    except BackfillError as err:
        echo(f"  cancel: {err}")
    deadline = time.monotonic() + timeout
    while _terminate(instance, backfill_id) and time.monotonic() < deadline:
        time.sleep(1.0)


def _terminate(instance: DagsterInstance, backfill_id: str) -> int:
    """Cancel what is queued, terminate what started; the number of runs not finished."""
    going = [r.dagster_run for r in backfill_runs(instance, backfill_id)]
    going = [r for r in going if not r.is_finished]
    for run in going:
        if run.status in QUEUED:
            instance.report_run_canceled(run, message="Canceled by mle-pipeline run (Ctrl-C).")
        elif run.status != DagsterRunStatus.CANCELING:
            instance.run_launcher.terminate(run.run_id)
    return len(going)


@dataclass
class Outcomes:
    """Labels of a backfill's runs: done, failed (with the step's own error), left to
    another process, and the warnings their checks gave (a flagged run among them)."""

    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def check_warnings(instance: DagsterInstance, run_id: str) -> list[str]:
    """What the run's asset checks warn about, as the serial path reports it."""
    found = []
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event and entry.dagster_event.event_specific_data
        metadata = getattr(evaluation, "metadata", None) or {}
        if "warning" in metadata:
            found.append(str(metadata["warning"].value))
        status = metadata.get("status")
        if status is not None and status.value == "flagged":
            found.append(f"FLAGGED by {evaluation.check_name}: {evaluation.description}")
    return found


def outcomes(instance: DagsterInstance, backfill_id: str) -> Outcomes:
    result = Outcomes()
    done, failed, pending = result.done, result.failed, result.pending
    for record in backfill_runs(instance, backfill_id):
        run = record.dagster_run
        what = ", ".join(sorted(k.to_user_string() for k in run.asset_selection or ()))
        label = f"{what} {run.tags.get(PARTITION_TAG, '')}".strip()
        if run.status == DagsterRunStatus.SUCCESS:
            done.append(label)
            result.warnings += [(label, w) for w in check_warnings(instance, run.run_id)]
            continue
        errors = [
            root_cause(entry.dagster_event.event_specific_data.error)
            for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_FAILURE)
            if entry.dagster_event and entry.dagster_event.event_specific_data.error
        ]
        reason = errors[0] if errors else f"run {run.run_id[:8]} {run.status.value.lower()}"
        if RUNNING_ELSEWHERE in reason:
            pending.append(label)
        else:
            failed.append((label, reason))
    for found in (done, failed, pending, result.warnings):
        found.sort()
    return result
