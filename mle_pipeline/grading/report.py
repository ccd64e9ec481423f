"""The per-submission grading report: MLE-bench's fields, plus provenance of our own.

:class:`GradingReport` is the one declaration of a report's fields and types: the grader
writes it, and readers of report files (the leaderboard, ``import-reports``) validate with
it. Add a field here, nowhere else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import Field

from mle_pipeline import fsutil
from mle_pipeline.schema import Strict, validate

# A report is a few hundred bytes; anything near this is not one.
MAX_REPORT_BYTES = 1 << 20


class ReportError(ValueError):
    """A report file or mapping that does not match :class:`GradingReport`."""


class GradingReport(Strict):
    """One graded submission. The first 16 fields are MLE-bench's, in its order."""

    competition_id: str
    score: float | None
    gold_threshold: float
    silver_threshold: float
    bronze_threshold: float
    median_threshold: float
    any_medal: bool
    gold_medal: bool
    silver_medal: bool
    bronze_medal: bool
    above_median: bool
    submission_exists: bool
    valid_submission: bool
    is_lower_better: bool
    created_at: str
    submission_path: str
    # Ours: why a submission is invalid, and where the result comes from.
    invalid_reason: str | None = None
    metric: str | None = None
    data_source: str | None = None
    sample_data: bool = False
    agent: str | None = None
    seed: int | None = Field(default=None, ge=0)
    preparation_variant: str | None = None
    # The task text the agent was given (agents.task_text: kind and sha256).
    description: str | None = None
    description_sha256: str | None = None
    # The experiment (run group) the run belongs to, and the MLE-bench file of an import.
    experiment: str | None = None
    imported_from: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: object, source: str = "report") -> GradingReport:
        """Validate a mapping; ReportError names ``source`` and every bad key."""
        return validate(cls, data, source, ReportError)

    @classmethod
    def from_file(cls, path: Path) -> GradingReport:
        """Read and validate a report file (never blocks on a FIFO, never reads past 1 MiB)."""
        try:
            data = json.loads(fsutil.read_text(path, MAX_REPORT_BYTES))
        except RecursionError:
            raise ReportError(f"{path}: JSON nested too deeply") from None
        except (OSError, ValueError) as err:  # UnsafeFileError, JSON and UTF-8 errors
            raise ReportError(f"{path}: not a readable report ({err})") from None
        return cls.from_dict(data, str(path))


# The fields MLE-bench writes, in its order; tooling that reads its reports reads ours.
MLEBENCH_FIELDS = tuple(GradingReport.model_fields)[:16]
OUTCOME_FIELDS = (
    "any_medal",
    "gold_medal",
    "silver_medal",
    "bronze_medal",
    "above_median",
    "valid_submission",
    "submission_exists",
)
