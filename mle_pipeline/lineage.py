"""Which graded reports came from which raw data, and which are stale now.

Everything is read from Dagster's records: ``raw`` materializations carry their data
version and each file's md5, ``prepared`` ones the raw data version they were split from,
graded reports the prepared and raw data versions they were graded from. On disk, only
the raw files' size and modification time are looked at, to tell a change not yet
recorded by a ``raw`` materialization.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetKey, AssetRecordsFilter, DagsterInstance, EventLogRecord

from mle_pipeline.assets.grading import PREPARED_VERSION_KEY, RAW_VERSION_KEY, graded_report_key
from mle_pipeline.assets.metadata import FILE_MD5S_KEY
from mle_pipeline.assets.partitions import run_key, seed_partitions
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import RAW_MANIFEST, Manifest, raw_changed_on_disk
from mle_pipeline.version_tags import DATA_VERSION_TAG

SHORT = 12


@dataclass(frozen=True)
class Version:
    """One materialization of ``raw`` or ``prepared``."""

    data_version: str
    timestamp: float
    run_id: str
    raw_version: str | None = None  # prepared only: the raw data version it read
    file_md5s: dict[str, str] | None = None  # raw only


@dataclass(frozen=True)
class ReportLineage:
    agent: str
    seed: str
    prepared_version: str
    raw_version: str
    timestamp: float
    report_path: str
    stale_because: str | None = None  # None: graded from the current raw and prepared data


@dataclass
class Lineage:
    competition_id: str
    raw_versions: list[Version]  # newest first
    prepared_versions: list[Version]
    reports: list[ReportLineage] = field(default_factory=list)
    changed_on_disk: list[str] = field(default_factory=list)
    file: str | None = None
    file_recorded_md5: str | None = None

    @property
    def raw(self) -> Version | None:
        return self.raw_versions[0] if self.raw_versions else None

    @property
    def prepared(self) -> Version | None:
        return self.prepared_versions[0] if self.prepared_versions else None

    def file_md5_in(self, raw_version: str) -> str | None:
        """The md5 ``file`` had in a recorded raw data version (None if not recorded)."""
        for version in self.raw_versions:
            if version.data_version == raw_version and version.file_md5s is not None:
                return version.file_md5s.get(self.file or "", "(absent)")
        return None


def _materialization(record: EventLogRecord):
    return record.event_log_entry.asset_materialization


def _versions(instance: DagsterInstance, key: AssetKey, partition: str) -> list[Version]:
    records = instance.fetch_materializations(
        AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=1000
    ).records
    versions = []
    for record in records:
        materialization = _materialization(record)
        tags = materialization.tags or {}
        md5s = materialization.metadata.get(FILE_MD5S_KEY)
        raw_version = materialization.metadata.get(RAW_VERSION_KEY)
        versions.append(
            Version(
                data_version=tags.get(DATA_VERSION_TAG, ""),
                timestamp=record.timestamp,
                run_id=record.run_id,
                raw_version=str(raw_version.value) if raw_version is not None else None,
                file_md5s=md5s.value if md5s is not None else None,
            )
        )
    return versions


def _text(metadata: dict, key: str) -> str:
    value = metadata.get(key)
    return str(value.value) if value is not None else ""


def _reports(instance: DagsterInstance, agent: str, competition_id: str) -> list[ReportLineage]:
    seeds = instance.get_dynamic_partitions(seed_partitions.name)
    if not seeds:
        return []
    partitions = {str(run_key(competition_id, seed)): seed for seed in seeds}
    records = instance.fetch_materializations(
        AssetRecordsFilter(asset_key=graded_report_key(agent), asset_partitions=list(partitions)),
        limit=len(partitions) * 50,
    ).records
    latest: dict[str, ReportLineage] = {}
    for record in records:  # newest first
        partition = record.partition_key or ""
        if partition in latest or partition not in partitions:
            continue
        metadata = _materialization(record).metadata
        latest[partition] = ReportLineage(
            agent=agent,
            seed=partitions[partition],
            prepared_version=_text(metadata, PREPARED_VERSION_KEY),
            raw_version=_text(metadata, RAW_VERSION_KEY),
            timestamp=record.timestamp,
            report_path=_text(metadata, "report"),
        )
    return sorted(latest.values(), key=lambda r: int(r.seed) if r.seed.isdigit() else 0)


def _why_stale(report: ReportLineage, lineage: Lineage) -> str | None:
    """Why a report no longer reflects the data (None: it does).

    Once ``prepared`` is rebuilt from the current raw data, a report is stale only if its
    prepared data differ (a raw change that prepares to identical files changes nothing);
    until then, any raw change since the report makes it stale.
    """
    raw, prepared = lineage.raw, lineage.prepared
    if not report.raw_version:
        return "graded before reports recorded their lineage"
    prepared_current = (
        raw is not None and prepared is not None and prepared.raw_version == raw.data_version
    )
    if prepared_current:
        if report.prepared_version == prepared.data_version:
            return None
        return (
            f"prepared changed ({report.prepared_version[:SHORT]} -> "
            f"{prepared.data_version[:SHORT]})" + _file_change(report, lineage)
        )
    if raw is not None and report.raw_version != raw.data_version:
        return (
            f"raw changed ({report.raw_version[:SHORT]} -> {raw.data_version[:SHORT]}), "
            "prepared not rebuilt from it yet" + _file_change(report, lineage)
        )
    return None


def _file_change(report: ReportLineage, lineage: Lineage) -> str:
    if not lineage.file or lineage.raw is None:
        return ""
    then = lineage.file_md5_in(report.raw_version)
    now = lineage.file_md5_in(lineage.raw.data_version)
    if then is not None and then == now:
        return f"; {lineage.file} itself is unchanged ({now})"
    return f"; {lineage.file} md5 {then or '?'} -> {now or '?'}"


def _relative_file(layout: DataLayout, competition_id: str, file: str) -> str:
    """``file`` as a raw manifest key: relative to raw/, given so or as a path into it."""
    raw_dir = layout.raw_dir(competition_id).resolve()
    path = Path(file)
    if path.is_absolute() or path.exists():
        try:
            return path.resolve().relative_to(raw_dir).as_posix()
        except ValueError:
            raise ValueError(f"{file} is not inside {raw_dir}") from None
    return path.as_posix().removeprefix("raw/")


def trace(
    instance: DagsterInstance,
    layout: DataLayout,
    competition_id: str,
    agents: list[str],
    file: str | None = None,
) -> Lineage:
    """The lineage of one competition's reports, newest records first."""
    lineage = Lineage(
        competition_id=competition_id,
        raw_versions=_versions(instance, AssetKey("raw"), competition_id),
        prepared_versions=_versions(instance, AssetKey("prepared"), competition_id),
        changed_on_disk=raw_changed_on_disk(layout, competition_id),
    )
    if file is not None:
        lineage.file = _relative_file(layout, competition_id, file)
        manifest = Manifest.load(layout.competition_dir(competition_id) / RAW_MANIFEST)
        recorded = (manifest.files if manifest else {}).get(lineage.file)
        if recorded is None and not any(
            lineage.file in (v.file_md5s or {}) for v in lineage.raw_versions
        ):
            raise ValueError(
                f"{lineage.file} is not a recorded raw file of {competition_id} "
                f"(paths are relative to {layout.raw_dir(competition_id)})"
            )
        lineage.file_recorded_md5 = recorded["md5"] if recorded else None
    for agent in agents:
        for report in _reports(instance, agent, competition_id):
            why = _why_stale(report, lineage)
            lineage.reports.append(
                ReportLineage(**{**report.__dict__, "stale_because": why}) if why else report
            )
    return lineage


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def render(lineage: Lineage) -> str:
    """What `mle-pipeline lineage` prints."""
    cid = lineage.competition_id
    raw, prepared = lineage.raw, lineage.prepared
    lines = [cid]
    if raw is None:
        return f"{cid}: raw was never materialized on this Dagster instance"
    lines.append(
        f"  raw       {raw.data_version[:SHORT]}  materialized {_when(raw.timestamp)} "
        f"(run {raw.run_id[:8]}; {len(lineage.raw_versions)} version(s) on record)"
    )
    if prepared is None:
        lines.append("  prepared  never materialized")
    else:
        behind = prepared.raw_version != raw.data_version
        lines.append(
            f"  prepared  {prepared.data_version[:SHORT]}  from raw "
            f"{(prepared.raw_version or '?')[:SHORT]}, materialized {_when(prepared.timestamp)}"
            + ("  STALE: raw has changed since; materialize prepared" if behind else "")
        )
    if lineage.changed_on_disk:
        lines.append(
            f"  on disk   {len(lineage.changed_on_disk)} raw file(s) changed since raw was "
            f"recorded ({', '.join(lineage.changed_on_disk[:5])}); materialize raw "
            f"(`mle-pipeline prepare -c {cid}`) to record the change"
        )
    if lineage.file:
        lines.append(f"  file      raw/{lineage.file}")
        seen: set[str] = set()
        for version in lineage.raw_versions:
            md5 = (version.file_md5s or {}).get(lineage.file, "(absent)")
            if version.file_md5s is None or version.data_version in seen:
                continue
            seen.add(version.data_version)
            marker = "current" if version is raw else "earlier"
            lines.append(
                f"            md5 {md5} in raw {version.data_version[:SHORT]} "
                f"({marker}, {_when(version.timestamp)})"
            )
    stale = [r for r in lineage.reports if r.stale_because]
    lines.append(
        f"  reports   {len(lineage.reports)} graded report(s): {len(stale)} stale, "
        f"{len(lineage.reports) - len(stale)} from the current data"
    )
    for report in lineage.reports:
        used = f"raw {report.raw_version[:SHORT] or '?'}"
        used += f" prepared {report.prepared_version[:SHORT] or '?'}"
        if lineage.file and report.raw_version:
            used += f" {lineage.file} md5 {lineage.file_md5_in(report.raw_version) or '?'}"
        status = f"STALE: {report.stale_because}" if report.stale_because else "current"
        lines.append(f"    {report.agent} seed {report.seed}: {used}  {status}")
        lines.append(f"      {report.report_path}")
    return "\n".join(lines)
