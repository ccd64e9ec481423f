"""Materialize the graph for chosen competitions, agents and seeds on a persistent instance.

What is already done is skipped using Dagster's own records: a ``prepared`` partition is
current when its latest materialization's data version equals the manifest on disk, and
a graded report is current when it was materialized and its file exists. Runs then show
up in ``dagster dev`` like any other.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dagster import (
    AssetKey,
    AssetRecordsFilter,
    DagsterInstance,
    Definitions,
    JobDefinition,
    define_asset_job,
)

from mle_pipeline.agents.run import RUNNING_ELSEWHERE, wait_if_running_elsewhere
from mle_pipeline.agents.spec import CODE_VERSION_PREFIX, get_agent
from mle_pipeline.agents.task_text import SUMMARY
from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.assets.grading import PREPARED_VERSION_KEY, graded_report_key
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.atomic import file_digests
from mle_pipeline.definitions import build_assets
from mle_pipeline.experiments import EXPERIMENT_TAG
from mle_pipeline.instance import add_seeds
from mle_pipeline.integrity.kernels import kernels_dir, load_manifest
from mle_pipeline.prepare.checksums import (
    Outcome,
    Verdict,
    find_reference,
    origin_label,
    verify_prepared,
)
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest, raw_changed_on_disk
from mle_pipeline.registry import get_competition
from mle_pipeline.version_tags import CODE_VERSION_TAG, DATA_VERSION_TAG

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


def _latest(instance: DagsterInstance, key: AssetKey, partition: str):
    records = instance.fetch_materializations(
        AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=1
    ).records
    return records[0].event_log_entry.asset_materialization if records else None


def _latest_tags(instance: DagsterInstance, key: AssetKey, partition: str) -> dict | None:
    materialization = _latest(instance, key, partition)
    return dict(materialization.tags or {}) if materialization else None


def prepared_is_current(instance: DagsterInstance, settings: PipelineSettings, cid: str) -> bool:
    """Recorded in Dagster with the data version on disk, from raw's latest data version,
    and no raw file's size or modification time changed since (``--verify`` always rechecks).
    """
    if settings.verify:
        return False
    prepared = _latest(instance, AssetKey("prepared"), cid)
    raw_tags = _latest_tags(instance, AssetKey("raw"), cid) or {}
    manifest = Manifest.load(settings.layout.competition_dir(cid) / PREPARED_MANIFEST)
    return bool(
        prepared
        and manifest
        and (prepared.tags or {}).get(DATA_VERSION_TAG) == manifest.data_version
        and raw_tags.get(DATA_VERSION_TAG) == manifest.upstream_version
        and manifest.source == settings.source
        and settings.layout.prepared_dir(cid).is_dir()
        and not raw_changed_on_disk(settings.layout, cid)
    )


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


def agent_run_is_current(instance: DagsterInstance, agent: str, cid: str, seed: int) -> bool:
    """The latest run was made by the agent spec declared now (Dagster's code version; runs
    recorded before specs gave one carry a run id and count as current)."""
    tags = _latest_tags(instance, agent_run_key(agent), str(run_key(cid, seed))) or {}
    recorded = tags.get(CODE_VERSION_TAG, "")
    return not recorded.startswith(CODE_VERSION_PREFIX) or recorded == get_agent(agent).code_version


def report_is_current(
    instance: DagsterInstance, settings: PipelineSettings, agent: str, cid: str, seed: int
) -> bool:
    """Materialized, the file still the one recorded (an edited one is regraded), graded from
    the prepared data on disk now (a report from older data is stale: run again), and the
    agent given the kind of task text asked for now (reports from before task texts were
    recorded had the summary)."""
    materialization = _latest(instance, graded_report_key(agent), str(run_key(cid, seed)))
    tags = dict(materialization.tags or {}) if materialization else None
    path = settings.layout.report_path(agent, cid, seed)
    if not (tags and path.is_file()):
        return False
    if not agent_run_is_current(instance, agent, cid, seed):
        return False
    if tags.get(DATA_VERSION_TAG) != file_digests(path)["sha256"]:
        return False
    # Reports recorded before reports carried their lineage have none: taken as current.
    graded_from = getattr(materialization.metadata.get(PREPARED_VERSION_KEY), "value", "")
    prepared = Manifest.load(settings.layout.competition_dir(cid) / PREPARED_MANIFEST)
    if graded_from and prepared and graded_from != prepared.data_version:
        return False
    try:
        given = json.loads(path.read_text()).get("description") or SUMMARY
        return given == settings.task_text(cid).kind
    except (OSError, ValueError, AttributeError):
        return False  # the run itself then says what is wrong


def root_cause(error) -> str:
    """The innermost error message of a Dagster step failure (the user's own exception)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()


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

    def prepare(self, competitions: Sequence[str], force: bool = False) -> list[str]:
        """Materialize raw + prepared where not current; returns the ids that are ready.

        A current preparation is still compared with today's reference checksums: one
        that no longer matches is materialized again, so its check fails visibly.
        """
        ready = []
        for i, cid in enumerate(competitions, 1):
            label = f"[{i}/{len(competitions)}] prepare {cid}"
            current = not force and prepared_is_current(self.instance, self.settings, cid)
            verdict = reference_verdict(self.settings, cid) if current else None
            if current and verdict is not None and not verdict.failed:
                self.summary.skipped.append(label)
                matched = (
                    f"; {verdict.compared} files match {origin_label(verdict.reference.origin)}"
                    if verdict.outcome == Outcome.MATCH and verdict.reference
                    else ""
                )
                self.echo(f"  skip  {label} (already prepared{matched})")
                if verdict.warning:
                    self._warn(label, verdict.warning)
                ready.append(cid)
            elif self._materialize(label, [AssetKey("raw"), AssetKey("prepared")], cid):
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

    def run_agents(
        self, competitions: Sequence[str], agents: Sequence[str], seeds: Sequence[int], force: bool
    ) -> None:
        add_seeds(self.instance, seeds)
        jobs = [(a, c, s) for a in agents for c in competitions for s in seeds]
        for i, (agent, cid, seed) in enumerate(jobs, 1):
            label = f"[{i}/{len(jobs)}] {agent} on {cid} seed {seed}"
            if not force and report_is_current(self.instance, self.settings, agent, cid, seed):
                self.summary.skipped.append(label)
                self.echo(f"  skip  {label} (already graded)")
                continue
            if wait_if_running_elsewhere(self.settings.layout, agent, cid, seed):
                # Waited for another process's run of this partition: use its result.
                self.echo(f"  wait  {label}: was running in another process")
                if report_is_current(self.instance, self.settings, agent, cid, seed):
                    self.summary.skipped.append(label)
                    self.echo(f"  skip  {label} (graded by the other process)")
                    continue
            self._materialize(
                label, [agent_run_key(agent), graded_report_key(agent)], run_key(cid, seed)
            )

    def leaderboard(self) -> bool:
        return self._materialize("leaderboard", [AssetKey("leaderboard")])


def check_implemented(competitions: Sequence[str]) -> list[str]:
    """Ids that are registered but not implemented (each must be refused, not skipped)."""
    return [cid for cid in competitions if not get_competition(cid).implemented]
