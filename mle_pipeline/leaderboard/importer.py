"""Import MLE-bench grading-report files into the report store, beside our own reports.

MLE-bench's ``grade`` writes one summary per run group (``*_grading_report.json``: totals
plus a ``competition_reports`` list). Its ``experiments/aggregate_grading_reports.py``
reads the files in sorted path order, each file's reports sorted by competition id, and
makes a competition's n-th report seed n. Importing does the same and writes each report
to ``<root>/reports/<agent>/<competition>/seed-<n>.json`` with ``data_source: "kaggle"``
and ``imported_from`` (the file it came from), so the leaderboard ranks old results next
to new ones.

Importing is idempotent: a report already imported from the same file is replaced; any
other report at a target path is a conflict and nothing is written (``overwrite=True``
replaces it).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mle_pipeline.atomic import write_json
from mle_pipeline.experiments import ID_PATTERN
from mle_pipeline.grading.report import MLEBENCH_FIELDS
from mle_pipeline.layout import DataLayout

OUTCOME_FIELDS = (
    "gold_medal",
    "silver_medal",
    "bronze_medal",
    "above_median",
    "submission_exists",
    "valid_submission",
)


class ReportImportError(ValueError):
    """A file that is not an MLE-bench grading report, or a conflict in the store."""


@dataclass
class ImportSummary:
    files: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seeds: dict[str, int] = field(default_factory=dict)  # competition -> reports imported
    unknown_competitions: list[str] = field(default_factory=list)


def _load_file(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportImportError(f"{path}: not readable JSON ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("competition_reports"), list):
        raise ReportImportError(
            f"{path}: not an MLE-bench grading report (expected an object with a "
            "'competition_reports' list, as written by `mlebench grade`)"
        )
    reports = data["competition_reports"]
    for i, report in enumerate(reports):
        if not isinstance(report, dict) or not isinstance(report.get("competition_id"), str):
            raise ReportImportError(f"{path}: competition_reports[{i}] has no competition_id")
        missing = [k for k in OUTCOME_FIELDS if not isinstance(report.get(k), bool)]
        if missing:
            raise ReportImportError(
                f"{path}: competition_reports[{i}] ({report['competition_id']}) lacks "
                f"true/false field(s) {missing}"
            )
    return sorted(reports, key=lambda r: str(r["competition_id"]))


def _payload(report: dict, agent: str, seed: int, source: str, experiment: str | None) -> dict:
    payload = {name: report.get(name) for name in MLEBENCH_FIELDS}
    payload["competition_id"] = str(report["competition_id"])
    if not isinstance(payload["any_medal"], bool):
        medals = ("gold_medal", "silver_medal", "bronze_medal")
        payload["any_medal"] = any(report[m] for m in medals)
    payload.update(
        invalid_reason=None,
        metric=None,
        data_source="kaggle",
        sample_data=False,
        agent=agent,
        seed=seed,
        experiment=experiment,
        imported_from=source,
        extra={k: v for k, v in report.items() if k not in payload},
    )
    return payload


def import_reports(
    paths: Sequence[Path],
    layout: DataLayout,
    agent: str,
    *,
    experiment: str | None = None,
    overwrite: bool = False,
    known_competitions: set[str] | None = None,
) -> ImportSummary:
    """Import every report of ``paths`` (see the module docstring); returns what was done."""
    if not ID_PATTERN.match(agent):
        raise ReportImportError(f"agent name {agent!r} is not usable as a folder name")
    files = sorted(str(Path(p).resolve()) for p in paths)  # MLE-bench: sorted(grading_reports)
    if not files:
        raise ReportImportError("no grading-report files given")
    seeds: dict[str, int] = defaultdict(int)
    planned: list[tuple[Path, dict]] = []
    for name in files:
        for report in _load_file(Path(name)):
            cid = report["competition_id"]
            seed = seeds[cid]
            seeds[cid] += 1
            target = layout.report_path(agent, cid, seed)
            planned.append((target, _payload(report, agent, seed, name, experiment)))
    conflicts = []
    for target, payload in planned:
        if overwrite or not target.exists():
            continue
        try:
            existing = json.loads(target.read_text())
            same = existing.get("imported_from") == payload["imported_from"]
        except (OSError, ValueError, AttributeError):
            same = False
        if not same:
            conflicts.append(str(target))
    if conflicts:
        raise ReportImportError(
            f"{len(conflicts)} report(s) already exist and were not imported from these files, "
            f"e.g. {conflicts[0]}; import all of an agent's files in one call (seeds are "
            "numbered per call), choose another --agent, or pass --overwrite"
        )
    summary = ImportSummary(files=files, seeds=dict(seeds))
    for target, payload in planned:
        write_json(target, payload)
        summary.written.append(target)
    if known_competitions is not None:
        summary.unknown_competitions = sorted(set(seeds) - known_competitions)
    return summary
