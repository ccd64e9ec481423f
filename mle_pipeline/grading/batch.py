"""Grade many submissions listed in a JSONL file into one MLE-bench style grading report."""

from __future__ import annotations

import json
import time
from pathlib import Path

from mle_pipeline.atomic import write_json
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.grading.report import GradingReport
from mle_pipeline.layout import DataLayout
from mle_pipeline.registry import get_competition


class SubmissionListError(ValueError):
    pass


def read_submission_list(path: Path) -> list[dict]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(("#", "//")):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as err:
            raise SubmissionListError(f"{path}:{number}: not valid JSON ({err})") from err
        if not isinstance(entry, dict):
            raise SubmissionListError(f"{path}:{number}: expected a JSON object")
        missing = {"competition_id", "submission_path"} - set(entry)
        if missing:
            raise SubmissionListError(f"{path}:{number}: missing key(s) {sorted(missing)}")
        entries.append(entry)
    return entries


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


def grade_jsonl(submissions: Path, output_dir: Path, layout: DataLayout) -> Path:
    reports = []
    for entry in read_submission_list(submissions):
        competition = get_competition(str(entry["competition_id"]))
        competition.require_implemented()
        answers = layout.prepared_dir(competition.id) / competition.answers
        reports.append(grade_submission(competition, Path(str(entry["submission_path"])), answers))
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S-%Z", time.gmtime())
    path = output_dir / f"{stamp}_grading_report.json"
    write_json(path, summarize(reports))
    return path
