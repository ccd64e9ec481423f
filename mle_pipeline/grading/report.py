"""The per-submission grading report: MLE-bench's fields, plus provenance of our own."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The fields MLE-bench writes, in its order; tooling that reads its reports reads ours.
MLEBENCH_FIELDS = (
    "competition_id",
    "score",
    "gold_threshold",
    "silver_threshold",
    "bronze_threshold",
    "median_threshold",
    "any_medal",
    "gold_medal",
    "silver_medal",
    "bronze_medal",
    "above_median",
    "submission_exists",
    "valid_submission",
    "is_lower_better",
    "created_at",
    "submission_path",
)


@dataclass(frozen=True)
class GradingReport:
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
    seed: int | None = None
    preparation_variant: str | None = None
    # The experiment (run group) the run belongs to, and the MLE-bench file of an import.
    experiment: str | None = None
    imported_from: str | None = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> GradingReport:
        known = {f for f in cls.__dataclass_fields__}
        missing = [f for f in MLEBENCH_FIELDS if f not in data]
        if missing:
            raise ValueError(f"not a grading report: missing field(s) {missing}")
        return cls(**{k: v for k, v in data.items() if k in known})
