"""Grade many submissions listed in a JSONL file into one MLE-bench style grading report."""

from __future__ import annotations

import json
import time
from pathlib import Path

from mle_pipeline.atomic import write_json
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.grading.paths import RefusedSubmissionPath, check_submission_path
from mle_pipeline.grading.report import GradingReport
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import preparation_provenance
from mle_pipeline.registry import UnknownCompetitionError, get_competition
from mle_pipeline.registry.competitions import NotImplementedCompetitionError


class SubmissionListError(ValueError):
    pass


def summarize(reports: list[GradingReport]) -> dict:
    """MLE-bench's summary fields over a list of reports."""

    def count(field: str) -> int:
        return sum(bool(getattr(r, field)) for r in reports)

    return {
        "total_runs": len(reports),
        "total_runs_with_submissions": count("submission_exists"),
        "total_valid_submissions": count("valid_submission"),
        "total_medals": count("any_medal"),
        "total_gold_medals": count("gold_medal"),
        "total_silver_medals": count("silver_medal"),
        "total_bronze_medals": count("bronze_medal"),
        "total_above_median": count("above_median"),
        "competition_reports": [r.to_dict() for r in reports],
    }


def read_requests(path: Path) -> tuple[list[tuple[int, dict]], list[dict]]:
    """(numbered entries, refusals) — a bad line is refused with its reason, not fatal."""
    entries, refusals = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            entries.extend((number, e) for e in read_submission_list_text(line, path, number))
        except SubmissionListError as err:
            refusals.append({"line": number, "reason": str(err)})
    return entries, refusals


def read_submission_list_text(line: str, path: Path, number: int) -> list[dict]:
    line = line.strip()
    if not line or line.startswith(("#", "//")):
        return []
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as err:
        raise SubmissionListError(f"{path}:{number}: not valid JSON ({err})") from err
    if not isinstance(entry, dict):
        raise SubmissionListError(f"{path}:{number}: expected a JSON object")
    missing = {"competition_id", "submission_path"} - set(entry)
    if missing:
        raise SubmissionListError(f"{path}:{number}: missing key(s) {sorted(missing)}")
    return [entry]


def grade_jsonl(
    submissions: Path,
    output_dir: Path,
    layout: DataLayout,
    allowed_roots: list[Path] | None = None,
) -> Path:
    """Grade every request; refused requests are listed with their reason, never read.

    Submission paths must lie inside ``allowed_roots`` (default: the JSONL file's folder
    and the data root's runs folder) and never inside a prepared private folder.
    """
    roots = allowed_roots or [submissions.resolve().parent, layout.runs_root]
    entries, refusals = read_requests(submissions)
    private_dirs = [p for p in layout.root.glob("*/prepared/private") if p.is_dir()]
    reports = []
    for number, entry in entries:
        try:
            competition = get_competition(str(entry["competition_id"]))
            competition.require_implemented()
            answers = layout.prepared_dir(competition.id) / competition.answers
            raw_path = Path(str(entry["submission_path"]))
            check_submission_path(
                raw_path, allowed_roots=roots, private_dirs=private_dirs, answers_files=[answers]
            )
            provenance = preparation_provenance(layout, competition.id)
            reports.append(grade_submission(competition, raw_path, answers, **provenance))
        except (
            UnknownCompetitionError,
            NotImplementedCompetitionError,
            RefusedSubmissionPath,
            FileNotFoundError,
        ) as err:
            refusals.append(
                {
                    "line": number,
                    "competition_id": str(entry.get("competition_id")),
                    "reason": str(err),
                }
            )
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S-%Z", time.gmtime())
    path = output_dir / f"{stamp}_grading_report.json"
    write_json(path, {**summarize(reports), "refused_requests": refusals})
    return path
