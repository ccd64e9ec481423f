"""Materialize the graph for chosen competitions, agents and seeds on a persistent instance.

What is already done is skipped using Dagster's own records (``staleness.py``): the code
versions of each competition's prepare and grade code are observed first, then only what
Dagster would show as stale or missing is materialized. Runs then show up in
``dagster dev`` like any other.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from dagster import (
    AssetKey,
    DagsterInstance,
    Definitions,
    JobDefinition,
    define_asset_job,
)

from mle_pipeline.agents.run import RUNNING_ELSEWHERE, wait_if_running_elsewhere
from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.assets.code_versions import GRADE_CODE, PREPARE_CODE
from mle_pipeline.assets.grading import graded_report_key
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.daemon import Dagster, dagster_for_run
from mle_pipeline.definitions import build_assets
from mle_pipeline.experiments import EXPERIMENT_TAG
from mle_pipeline.instance import add_seeds
from mle_pipeline.integrity.kernels import kernels_dir, load_manifest
from mle_pipeline.parallel import Plan, cancel, follow, launch, outcomes, root_cause
from mle_pipeline.prepare.checksums import (
    Outcome,
    Verdict,
    find_reference,
    origin_label,
    verify_prepared,
)
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest
from mle_pipeline.registry import get_competition
from mle_pipeline.staleness import PREPARED, Redo, latest, prepared_is_current, what_to_redo
from mle_pipeline.version_tags import DATA_VERSION_TAG

# The job the CLI's runs belong to (the UI lists them under this name).
CLI_JOB_NAME = "mle_pipeline_cli"


@dataclass
class Summary:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Partitions another process was running when this one reached them: left to it.
    pending: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def reference_verdict(settings: PipelineSettings, cid: str) -> Verdict | None:
    """The prepared manifest on disk against today's reference checksums (None if unprepared)."""
    manifest = Manifest.load(settings.layout.competition_dir(cid) / PREPARED_MANIFEST)
    if manifest is None:
        return None
    reference = find_reference(get_competition(cid), settings.layout.root, manifest.sample_data)
    return verify_prepared(
        cid, reference, manifest.checksums or {}, manifest.sample_data, manifest.variant
    )


def _compared(evaluation) -> str:
    """``; N files match <origin> checksums`` for a passed reference check, else nothing."""
    metadata = evaluation.metadata
    if "outcome" not in metadata or metadata["outcome"].value != Outcome.MATCH.value:
        return ""
    files, origin = metadata["files_compared"].value, metadata["reference_origin"].value
    return f"; {files} files match {origin_label(origin)}"


def _prepared_data_version(instance: DagsterInstance, cid: str) -> str | None:
    record = latest(instance, PREPARED, cid)
    return (record.asset_materialization.tags or {}).get(DATA_VERSION_TAG) if record else None


class Executor:
    """Runs materializations one partition at a time, reporting progress."""

    def __init__(
        self,
        instance: DagsterInstance,
        settings: PipelineSettings,
        agents: Sequence[str],
        echo: Callable[[str], None] = print,
        log_level: str = "ERROR",
        experiment: str | None = None,
    ):
        self.instance = instance
        # Every run carries the experiment tag; graded reports copy it (see experiments.py).
        self.tags = {"mle_pipeline/cli": "run"}
        if experiment:
            self.tags[EXPERIMENT_TAG] = experiment
        self.settings = settings
        self.assets = build_assets(list(agents))
        self.echo = echo
        self.summary = Summary()
        self.run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
        self._jobs: dict[tuple[AssetKey, ...], JobDefinition] = {}
        self._observed = False

    def _job(self, selection: list[AssetKey]) -> JobDefinition:
        """What ``dagster.materialize`` builds for each call, resolved once per selection:
        resolving the asset graph took ~40 ms of every partition's run."""
        key = tuple(selection)
        if key not in self._jobs:
            defs = Definitions(
                jobs=[define_asset_job(CLI_JOB_NAME, selection=selection)],
                assets=self.assets,
                resources={"settings": self.settings},
            )
            self._jobs[key] = defs.resolve_job_def(CLI_JOB_NAME)
        return self._jobs[key]

    def _materialize(self, label: str, selection: list[AssetKey], partition_key=None) -> bool:
        started = time.monotonic()
        result = self._job(selection).execute_in_process(
            partition_key=partition_key,
            instance=self.instance,
            raise_on_error=False,
            run_config=self.run_config,
            tags=self.tags,
        )
        elapsed = time.monotonic() - started
        if result.success:
            self.summary.done.append(label)
            evaluations = result.get_asset_check_evaluations()
            compared = [_compared(e) for e in evaluations if e.asset_key == AssetKey("prepared")]
            self.echo(f"  ok    {label} ({elapsed:.1f}s{''.join(compared)})")
            for event in evaluations:
                warning = event.metadata.get("warning")
                if warning is not None:
                    self._warn(label, str(warning.value))
                status = event.metadata.get("status")
                if status is not None and status.value == "flagged":  # an integrity check
                    self._warn(label, f"FLAGGED by {event.check_name}: {event.description}")
            return True
        failures = [
            root_cause(event.event_specific_data.error)
            for event in result.all_events
            if event.is_step_failure and event.event_specific_data.error
        ]
        reason = failures[0] if failures else "run failed"
        if RUNNING_ELSEWHERE in reason:  # lost the race for its lock: not a failure
            self.summary.pending.append(label)
            self.echo(f"  pend  {label}: {reason}")
            return False
        self.summary.failed.append((label, reason))
        self.echo(f"  FAIL  {label}: {reason}")
        return False

    def _warn(self, label: str, warning: str) -> None:
        self.summary.warnings.append((label, warning))
        self.echo(f"  WARN  {label}: {warning}")

    def observe_code(self) -> None:
        """Record each competition's prepare and grade code versions that changed (Dagster
        then shows what they make stale); once per executor."""
        if self._observed:
            return
        result = self._job([PREPARE_CODE, GRADE_CODE]).execute_in_process(
            instance=self.instance, raise_on_error=True, run_config=self.run_config, tags=self.tags
        )
        self._observed = result.success

    def prepare(self, competitions: Sequence[str], force: bool = False) -> list[str]:
        """Materialize raw + prepared where not current; returns the ids that are ready."""
        self.observe_code()
        ready = []
        for i, cid in enumerate(competitions, 1):
            label = f"[{i}/{len(competitions)}] prepare {cid}"
            if self._prepared(label, cid, force) or self._materialize(
                label, [AssetKey("raw"), AssetKey("prepared")], cid
            ):
                ready.append(cid)
        for cid in ready:
            self._fetch_references(cid)
        return ready

    def _fetch_references(self, cid: str) -> None:
        """Materialize ``reference_kernels`` once per competition (the plagiarism check's
        references); a failure is a warning: agents run, and that check says "not run"."""
        if load_manifest(kernels_dir(self.settings.layout, cid)) is not None:
            return
        result = self._job([AssetKey("reference_kernels")]).execute_in_process(
            partition_key=cid,
            instance=self.instance,
            raise_on_error=False,
            run_config=self.run_config,
            tags=self.tags,
        )
        if not result.success:
            failures = [
                root_cause(e.event_specific_data.error)
                for e in result.all_events
                if e.is_step_failure and e.event_specific_data.error
            ]
            reason = failures[0] if failures else "run failed"
            self._warn(f"references {cid}", f"reference notebooks not fetched: {reason}")

    def _prepared(self, label: str, cid: str, force: bool) -> bool:
        """Current (then said so); a current preparation is still compared with today's
        reference checksums: one that no longer matches is materialized again, so its
        check fails visibly."""
        current = not force and prepared_is_current(self.instance, self.settings, cid)
        verdict = reference_verdict(self.settings, cid) if current else None
        if not (current and verdict is not None and not verdict.failed):
            return False
        self.summary.skipped.append(label)
        matched = (
            f"; {verdict.compared} files match {origin_label(verdict.reference.origin)}"
            if verdict.outcome == Outcome.MATCH and verdict.reference
            else ""
        )
        self.echo(f"  skip  {label} (already prepared{matched})")
        if verdict.warning:
            self._warn(label, verdict.warning)
        return True

    def run_agents(
        self, competitions: Sequence[str], agents: Sequence[str], seeds: Sequence[int], force: bool
    ) -> None:
        for label, agent, cid, seed, redo in self._agent_partitions(
            competitions, agents, seeds, force
        ):
            if redo is Redo.RUN and wait_if_running_elsewhere(
                self.settings.layout, agent, cid, seed
            ):
                # Waited for another process's run of this partition: use its result.
                self.echo(f"  wait  {label}: was running in another process")
                redo = self._redo(agent, cid, seed)
                if redo is Redo.NOTHING:
                    self.summary.skipped.append(label)
                    self.echo(f"  skip  {label} (graded by the other process)")
                    continue
            if redo is Redo.GRADE:  # the report keeps its run's experiment (run_experiment)
                self._materialize(
                    f"{label} (regrade)", [graded_report_key(agent)], run_key(cid, seed)
                )
            else:
                self._materialize(
                    label, [agent_run_key(agent), graded_report_key(agent)], run_key(cid, seed)
                )

    def _agent_partitions(
        self,
        competitions: Sequence[str],
        agents: Sequence[str],
        seeds: Sequence[int],
        force: bool,
        quiet: bool = False,
    ) -> Iterator[tuple[str, str, str, int, Redo]]:
        """(label, agent, competition, seed, what to redo) of each partition not current;
        the current ones are said so (unless ``quiet``: counted once already)."""
        add_seeds(self.instance, seeds)
        self.observe_code()
        jobs = [(a, c, s) for a in agents for c in competitions for s in seeds]
        for i, (agent, cid, seed) in enumerate(jobs, 1):
            label = f"[{i}/{len(jobs)}] {agent} on {cid} seed {seed}"
            redo = Redo.RUN if force else self._redo(agent, cid, seed)
            if redo is not Redo.NOTHING:
                yield label, agent, cid, seed, redo
            elif not quiet:
                self.summary.skipped.append(label)
                self.echo(f"  skip  {label} (already graded)")

    def _redo(self, agent: str, cid: str, seed: int) -> Redo:
        return what_to_redo(self.instance, self.settings, agent, cid, seed)

    def run_parallel(
        self,
        competitions: Sequence[str],
        agents: Sequence[str],
        seeds: Sequence[int],
        parallel: int,
        force_prepare: bool = False,
        rerun: bool = False,
    ) -> None:
        """Materialize what is not current as one Dagster backfill, at most ``parallel``
        runs at once (see parallel.py). A competition prepared again whose files changed
        makes its agent runs stale: they follow in a second backfill."""
        self.observe_code()
        plan = Plan()
        for i, cid in enumerate(competitions, 1):
            if not self._prepared(f"[{i}/{len(competitions)}] prepare {cid}", cid, force_prepare):
                plan.prepare.append(cid)
        for cid in competitions:  # before the agents: their integrity checks read them
            self._fetch_references(cid)
        before = {cid: self._prepared_version(cid) for cid in plan.prepare}
        self._add_agents(plan, competitions, agents, seeds, rerun)
        if not plan.expected_runs:
            return
        with dagster_for_run(self.instance, self.settings, parallel, self.echo) as dagster:
            self._backfill(plan, parallel, dagster)
            again = [
                cid for cid in before if before[cid] not in (None, self._prepared_version(cid))
            ]
            if again:
                self.echo(f"  prepared data changed for {', '.join(again)}: their runs follow")
                second = Plan()
                self._add_agents(second, again, agents, seeds, rerun=False, quiet=True)
                self._backfill(second, parallel, dagster)

    def _prepared_version(self, cid: str) -> str | None:
        return _prepared_data_version(self.instance, cid)

    def _add_agents(
        self,
        plan: Plan,
        competitions: Sequence[str],
        agents: Sequence[str],
        seeds: Sequence[int],
        rerun: bool,
        quiet: bool = False,
    ) -> None:
        partitions = self._agent_partitions(competitions, agents, seeds, rerun, quiet)
        for _, agent, cid, seed, redo in partitions:
            group = plan.grades if redo is Redo.GRADE else plan.runs
            group.setdefault(agent, []).append(str(run_key(cid, seed)))

    def _backfill(self, plan: Plan, parallel: int, dagster: Dagster) -> None:
        expected = plan.expected_runs
        if not expected:
            return
        title = f"mle-pipeline run: {expected} run(s), at most {parallel} at once"
        backfill_id = launch(dagster.url, plan, title, self.tags)
        self.echo(f"  backfill {backfill_id}: {title} ({dagster.url}/overview/backfills)")
        try:
            follow(
                self.instance,
                backfill_id,
                expected,
                parallel,
                alive=dagster.alive,
                echo=self.echo,
            )
        except KeyboardInterrupt:
            self.echo(f"\n  interrupted: canceling backfill {backfill_id} and its runs")
            cancel(self.instance, dagster.url, backfill_id, echo=self.echo)
            raise
        result = outcomes(self.instance, backfill_id)
        for label in result.done:
            self.summary.done.append(label)
            self.echo(f"  ok    {label}")
        for label, reason in result.failed:
            self.summary.failed.append((label, reason))
            self.echo(f"  FAIL  {label}: {reason}")
        for label in result.pending:
            self.summary.pending.append(label)
            self.echo(f"  pend  {label}: {RUNNING_ELSEWHERE}")
        for label, warning in result.warnings:
            self._warn(label, warning)

    def leaderboard(self) -> bool:
        return self._materialize("leaderboard", [AssetKey("leaderboard")])


def check_implemented(competitions: Sequence[str]) -> list[str]:
    """Ids that are registered but not implemented (each must be refused, not skipped)."""
    return [cid for cid in competitions if not get_competition(cid).implemented]
