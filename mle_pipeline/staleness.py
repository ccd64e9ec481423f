"""What ``mle-pipeline run`` redoes, read from Dagster's records.

Dagster records, in every materialization's tags, the code version it ran with and, per
dependency, a pointer to the dependency's latest event when it ran. A dependency changed
when the partition it maps to has a newer data version than the one at that pointer: the
rule behind the UI's "stale" marker ("has a new dependency data version"). Beside these,
only what Dagster cannot know is checked here: files edited or removed on disk.
"""

from __future__ import annotations

import enum

from dagster import AssetKey, AssetRecordsFilter, DagsterInstance, EventLogRecord

from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.spec import CODE_VERSION_PREFIX, get_agent
from mle_pipeline.agents.task_text import SUMMARY
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.assets.code_versions import GRADE_CODE, PREPARE_CODE
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.atomic import file_digests
from mle_pipeline.leaderboard.vouch import graded_report_key
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest, raw_changed_on_disk
from mle_pipeline.version_tags import (
    CODE_VERSION_TAG,
    DATA_VERSION_TAG,
    INPUT_EVENT_POINTER_TAG_PREFIX,
)

PREPARED = AssetKey("prepared")


class Redo(enum.Enum):
    """What a (agent, competition, seed) partition needs."""

    NOTHING = "current"
    GRADE = "regrade"  # the agent run stands; its report is graded again
    RUN = "rerun"  # the agent runs again, then its report is graded


def latest(
    instance: DagsterInstance, key: AssetKey, partition: str, observed: bool = False, **bounds
) -> EventLogRecord | None:
    """The latest materialization (observation if ``observed``) of one partition."""
    fetch = instance.fetch_observations if observed else instance.fetch_materializations
    records = fetch(
        AssetRecordsFilter(asset_key=key, asset_partitions=[partition], **bounds), limit=1
    ).records
    return records[0] if records else None


def _tags(record: EventLogRecord | None) -> dict[str, str]:
    event = record and (record.asset_materialization or record.asset_observation)
    return dict(event.tags or {}) if event else {}


def input_pointer(record: EventLogRecord, dep: AssetKey) -> int | None:
    """The storage id of ``dep``'s latest event when ``record`` was materialized (-1: it
    had none then; None: ``dep`` was not a dependency then)."""
    value = _tags(record).get(f"{INPUT_EVENT_POINTER_TAG_PREFIX}/{dep.to_user_string()}")
    if value is None:
        return None
    return int(value) if value.isdigit() else -1


def dep_changed(
    instance: DagsterInstance,
    record: EventLogRecord,
    dep: AssetKey,
    partition: str,
    observed: bool = False,
) -> bool:
    """``dep``'s ``partition`` has another data version now than when ``record`` was made."""
    pointer = input_pointer(record, dep)
    if pointer is None:
        return True  # "has a new dependency", as the UI says
    now = latest(instance, dep, partition, observed)
    if now is None or now.storage_id <= pointer:
        return False  # nothing recorded since (the common case: one query)
    then = (
        latest(instance, dep, partition, observed, before_storage_id=pointer + 1)
        if pointer >= 0
        else None
    )
    return _tags(now).get(DATA_VERSION_TAG) != _tags(then).get(DATA_VERSION_TAG)


def prepared_is_current(instance: DagsterInstance, settings: PipelineSettings, cid: str) -> bool:
    """Recorded with the data on disk, made by today's prepare code (``prepare_code``), and
    no raw file's size or modification time changed since (``--verify`` always rechecks)."""
    if settings.verify:
        return False
    record = latest(instance, PREPARED, cid)
    manifest = Manifest.load(settings.layout.competition_dir(cid) / PREPARED_MANIFEST)
    raw_version = _tags(latest(instance, AssetKey("raw"), cid)).get(DATA_VERSION_TAG)
    return bool(
        record
        and manifest
        and _tags(record).get(DATA_VERSION_TAG) == manifest.data_version
        and raw_version == manifest.upstream_version
        and manifest.source == settings.source
        and settings.layout.prepared_dir(cid).is_dir()
        and not raw_changed_on_disk(settings.layout, cid)
        and not dep_changed(instance, record, PREPARE_CODE, cid, observed=True)
    )


def agent_run_is_current(
    instance: DagsterInstance, agent: str, cid: str, seed: int, record: EventLogRecord | None = None
) -> bool:
    """The latest run (``record`` if given) was made by the agent spec declared now
    (Dagster's code version; runs recorded before specs gave one carry a run id and count
    as current)."""
    record = record or latest(instance, agent_run_key(agent), str(run_key(cid, seed)))
    tags = _tags(record)
    recorded = tags.get(CODE_VERSION_TAG, "")
    return not recorded.startswith(CODE_VERSION_PREFIX) or recorded == get_agent(agent).code_version


def _task_text_kind(settings: PipelineSettings, agent: str, cid: str, seed: int) -> str | None:
    """The kind of task text the run's agent was given (None: the run did not finish)."""
    try:
        outcome = RunOutcome.load(Workspace(settings.layout.run_dir(agent, cid, seed)).result)
    except (OSError, ValueError, TypeError):
        return None
    return outcome.description or SUMMARY


def what_to_redo(
    instance: DagsterInstance, settings: PipelineSettings, agent: str, cid: str, seed: int
) -> Redo:
    """RUN if the agent run is missing, made by another spec, from other prepared data or
    given another kind of task text; GRADE if the report is missing, edited, or made by
    another grader, from other prepared data or from an older run; else NOTHING."""
    partition = str(run_key(cid, seed))
    report = latest(instance, graded_report_key(agent), partition)
    path = settings.layout.report_path(agent, cid, seed)
    recorded_file = _tags(report).get(DATA_VERSION_TAG)
    file_intact = path.is_file() and recorded_file == file_digests(path)["sha256"]
    metadata = report.asset_materialization.metadata if report else {}
    if file_intact and getattr(metadata.get("imported"), "value", False):
        return Redo.NOTHING  # graded elsewhere: there is no run here to redo
    run = latest(instance, agent_run_key(agent), partition)
    if (
        run is None
        or not agent_run_is_current(instance, agent, cid, seed, run)
        or dep_changed(instance, run, PREPARED, cid)
        or _task_text_kind(settings, agent, cid, seed) != settings.task_text(cid).kind
    ):
        return Redo.RUN
    if (
        report is None
        or not file_intact
        or dep_changed(instance, report, GRADE_CODE, cid, observed=True)
        or dep_changed(instance, report, PREPARED, cid)
        or (input_pointer(report, agent_run_key(agent)) or -1) < run.storage_id
    ):
        return Redo.GRADE
    return Redo.NOTHING
