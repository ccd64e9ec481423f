"""Metadata shown on assets in the Dagster UI."""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.csv as pacsv
from dagster import MetadataValue, TableColumn, TableMetadataValue, TableRecord, TableSchema

from mle_pipeline.prepare.raw_changes import FileChange
from mle_pipeline.registry import Competition
from mle_pipeline.sources.sample import SAMPLE_NOTICE

MAX_LISTED_FILES = 60


def competition_metadata(competition: Competition) -> dict:
    return {
        "competition": competition.name,
        "split": competition.split,
        "category": competition.category or "",
        "metric": competition.metric,
        "dataset_size_gb": competition.dataset_size_gb or 0.0,
    }


def data_label(sample_data: bool) -> str:
    return SAMPLE_NOTICE if sample_data else "Kaggle data"


def digests_table(files: dict[str, dict[str, str]]) -> str:
    """A Markdown table of file digests (the first files, then a count of the rest)."""
    rows = ["| file | md5 | sha256 |", "| --- | --- | --- |"]
    for name, digest in list(files.items())[:MAX_LISTED_FILES]:
        rows.append(f"| {name} | {digest['md5']} | {digest['sha256']} |")
    if len(files) > MAX_LISTED_FILES:
        rows.append(f"| … {len(files) - MAX_LISTED_FILES} more files | | |")
    return "\n".join(rows)


FILE_MD5S_KEY = "file_md5s"
MAX_FILE_MD5S = 5000


def file_md5s(files: dict[str, dict[str, str]]) -> dict[str, MetadataValue]:
    """``{file: md5}`` as JSON metadata (what `mle-pipeline lineage --file` looks up in each
    recorded version); left out for folders so large the event log would carry megabytes."""
    if len(files) > MAX_FILE_MD5S:
        return {}
    return {FILE_MD5S_KEY: MetadataValue.json({name: d["md5"] for name, d in files.items()})}


def csv_shape(path: Path) -> tuple[int, list[str]]:
    """Row count and column names of a CSV, streamed with pyarrow (never loaded whole)."""
    reader = pacsv.open_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={}),
    )
    rows = 0
    for batch in reader:
        rows += batch.num_rows
    return rows, reader.schema.names


def tables_summary(folder: Path) -> str:
    """Markdown: rows and columns of each CSV directly under public/ and private/."""
    lines = ["| file | rows | columns |", "| --- | --- | --- |"]
    for side in ("public", "private"):
        for path in sorted((folder / side).glob("*.csv")):
            try:
                rows, columns = csv_shape(path)
                shown = ", ".join(columns[:12]) + (" …" if len(columns) > 12 else "")
            except Exception as err:  # noqa: BLE001 - metadata must not fail the asset
                rows, shown = -1, f"unreadable: {err}"
            lines.append(f"| {side}/{path.name} | {rows} | {shown} |")
    return "\n".join(lines)


CHANGES_SCHEMA = TableSchema(
    columns=[
        TableColumn("file"),
        TableColumn("change", description="modified, added or removed since recorded"),
        TableColumn("recorded_md5"),
        TableColumn("current_md5"),
        TableColumn("recorded_size", "int"),
        TableColumn("current_size", "int"),
        TableColumn("recorded_mtime", description="modification time, UTC"),
        TableColumn("current_mtime", description="modification time, UTC"),
    ]
)


SIDES = ("recorded", "current")


def _utc(mtime_ns: int | None) -> str | None:
    if mtime_ns is None:
        return None
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).isoformat(timespec="microseconds")


def changes_table(changes: Sequence[FileChange]) -> TableMetadataValue:
    """The raw files that differ from the previous recording, recorded vs current."""
    records = []
    for change in changes[:MAX_LISTED_FILES]:
        row = change.as_row()
        mtimes = {f"{side}_mtime": _utc(row.pop(f"{side}_mtime_ns")) for side in SIDES}
        records.append(TableRecord({**row, **mtimes}))  # None: absent on that side
    return MetadataValue.table(records, schema=CHANGES_SCHEMA)
