"""Import MLE-bench grading-report files into the report store, beside our own reports.

MLE-bench's ``grade`` writes one summary per run group (``*_grading_report.json``: totals
plus a ``competition_reports`` list). Its ``experiments/aggregate_grading_reports.py``
reads the files in sorted path order, each file's reports sorted by competition id, and
makes a competition's n-th report seed n. Importing does the same and writes each report
to ``<root>/reports/<agent>/<competition>/seed-<n>.json`` with ``data_source: "kaggle"``
and ``imported_from`` (the file it came from), so the leaderboard ranks old results next
to new ones.

Nothing in an imported file is trusted beyond its scores: every competition id must be in
the registry (an id is a folder name), every score finite and of a plausible size, the
JSON plain (no NaN/Infinity, nested at most ``MAX_DEPTH`` deep), or the whole import is
refused with a one-line reason. Medals and above-median are recomputed from the score and
this project's thresholds (the file's own claims are kept under ``extra.imported_claims``).
Each report written is recorded as a materialization of ``<agent>/graded_report`` for its
(competition, seed), labelled ``imported``, with the file's sha256: the leaderboard counts
it as it counts graded ones.

Importing is idempotent: a report already imported from the same file is replaced; any
other report at a target path is a conflict and nothing is written (``overwrite=True``
replaces it).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mle_pipeline import fsutil
from mle_pipeline.atomic import write_json
from mle_pipeline.experiments import ID_PATTERN
from mle_pipeline.grading.report import MLEBENCH_FIELDS
from mle_pipeline.layout import DataLayout
from mle_pipeline.medals import rank_score
from mle_pipeline.registry.thresholds import get_thresholds

# Records a report just written (its path and contents) as a graded_report
# materialization: ``mle_pipeline.assets.grading.imported_report_recorder``.
Recorder = Callable[[Path, dict], None]

OUTCOME_FIELDS = (
    "gold_medal",
    "silver_medal",
    "bronze_medal",
    "above_median",
    "submission_exists",
    "valid_submission",
)


MAX_FILE_BYTES = 64 << 20
MAX_DEPTH = 16  # MLE-bench's files nest 3 deep (summary, list, report)
# No metric of the registry comes near this; a larger |score| is a forged or broken file.
MAX_ABS_SCORE = 1e9
THRESHOLDS = ("gold", "silver", "bronze", "median")
CLAIMED = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median")


class ReportImportError(ValueError):
    """A file that is not an MLE-bench grading report, or a conflict in the store."""


@dataclass
class ImportSummary:
    files: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seeds: dict[str, int] = field(default_factory=dict)  # competition -> reports imported
    # Reports whose medals or above-median, recomputed from the score, differ from the file's.
    corrected: list[Path] = field(default_factory=list)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _depth(value: object) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iteratively)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, depth + 1) for child in children)
    return deepest


def _check_score(where: str, score: object) -> None:
    if score is None:
        return
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise ReportImportError(f"{where}: score {score!r} is not a number")
    if not math.isfinite(score) or abs(score) > MAX_ABS_SCORE:
        raise ReportImportError(
            f"{where}: score {score!r} is not finite or beyond ±{MAX_ABS_SCORE:g}"
        )


def _load_file(path: Path, known: Collection[str]) -> list[dict]:
    try:
        # Never blocks on a FIFO nor reads a device without end (fsutil.UnsafeFileError).
        text = fsutil.read_text(path, MAX_FILE_BYTES)
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ReportImportError(f"{path}: JSON nested too deeply") from None
    except (OSError, ValueError) as err:  # UnsafeFileError, UnicodeDecodeError, JSON
        raise ReportImportError(f"{path}: not readable JSON ({err})") from err
    if _depth(data) > MAX_DEPTH:
        raise ReportImportError(f"{path}: JSON nested more than {MAX_DEPTH} deep")
    if not isinstance(data, dict) or not isinstance(data.get("competition_reports"), list):
        raise ReportImportError(
            f"{path}: not an MLE-bench grading report (expected an object with a "
            "'competition_reports' list, as written by `mlebench grade`)"
        )
    reports = data["competition_reports"]
    for i, report in enumerate(reports):
        if not isinstance(report, dict) or not isinstance(report.get("competition_id"), str):
            raise ReportImportError(f"{path}: competition_reports[{i}] has no competition_id")
        if report["competition_id"] not in known:
            raise ReportImportError(
                f"{path}: competition_reports[{i}]: competition id "
                f"{report['competition_id']!r} is not in the registry"
            )
        _check_score(
            f"{path}: competition_reports[{i}] ({report['competition_id']})", report.get("score")
        )
        missing = [k for k in OUTCOME_FIELDS if not isinstance(report.get(k), bool)]
        if missing:
            raise ReportImportError(
                f"{path}: competition_reports[{i}] ({report['competition_id']}) lacks "
                f"true/false field(s) {missing}"
            )
    return sorted(reports, key=lambda r: str(r["competition_id"]))


def _payload(
    report: dict,
    agent: str,
    seed: int,
    source: str,
    experiment: str | None,
    description: str | None,
) -> dict:
    """Our report for an imported one: its score, our thresholds, medals recomputed."""
    cid = str(report["competition_id"])
    thresholds = get_thresholds(cid)
    valid = report["valid_submission"] and report.get("score") is not None
    score = float(report["score"]) if valid else None
    ranking = rank_score(score, thresholds)
    payload = {name: report.get(name) for name in MLEBENCH_FIELDS}
    claims = {k: report.get(k) for k in (*CLAIMED, *(f"{m}_threshold" for m in THRESHOLDS))}
    payload.update(
        competition_id=cid,
        score=score,
        **{f"{m}_threshold": getattr(thresholds, m) for m in THRESHOLDS},
        is_lower_better=thresholds.is_lower_better,
        any_medal=ranking.any_medal,
        gold_medal=ranking.gold_medal,
        silver_medal=ranking.silver_medal,
        bronze_medal=ranking.bronze_medal,
        above_median=ranking.above_median,
        valid_submission=valid,
        invalid_reason=None,
        metric=None,
        data_source="kaggle",
        sample_data=False,
        agent=agent,
        seed=seed,
        experiment=experiment,
        description=description,
        imported_from=source,
        extra={
            **{k: v for k, v in report.items() if k not in payload and k not in claims},
            "imported_claims": claims,
        },
    )
    return payload


def import_reports(
    paths: Sequence[Path],
    layout: DataLayout,
    agent: str,
    *,
    experiment: str | None = None,
    description: str | None = None,
    record: Recorder,
    known_competitions: Collection[str],
    overwrite: bool = False,
) -> ImportSummary:
    """Import every report of ``paths`` (see the module docstring), passing each one
    written to ``record``; returns what was done. ``description``: the task text the runs
    were given, as the user declares it (``None``: unrecorded)."""
    if not ID_PATTERN.match(agent):
        raise ReportImportError(f"agent name {agent!r} is not usable as a folder name")
    files = sorted(str(Path(p).resolve()) for p in paths)  # MLE-bench: sorted(grading_reports)
    if not files:
        raise ReportImportError("no grading-report files given")
    seeds: dict[str, int] = defaultdict(int)
    planned: list[tuple[Path, dict]] = []
    for name in files:
        for report in _load_file(Path(name), known_competitions):
            cid = report["competition_id"]
            seed = seeds[cid]
            seeds[cid] += 1
            target = layout.report_path(agent, cid, seed)
            planned.append((target, _payload(report, agent, seed, name, experiment, description)))
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
        # Written, then recorded: a file left unrecorded by a crash is never counted.
        write_json(target, payload)
        record(target, payload)
        summary.written.append(target)
        claims = payload["extra"]["imported_claims"]
        if any(claims.get(k) != payload[k] for k in CLAIMED):
            summary.corrected.append(target)
    return summary
