"""``expected_scores.yaml``: MLE-bench's scores of the fixed submissions, recorded once.

Each implemented competition's folder holds one. ``scores`` are MLE-bench's grader's
figures (``null``: it scores the submission invalid); ``differs`` lists the submissions
our grader scores otherwise on purpose, with our figure and why. The tests compare our
grader with these figures to 5 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mle_pipeline.atomic import write_text
from mle_pipeline.registry import Competition

FILE_NAME = "expected_scores.yaml"


@dataclass
class ExpectedScores:
    how: str
    mlebench_commit: str
    sample_seed: int
    scores: dict[str, float | None]
    differs: dict[str, dict] = field(default_factory=dict)

    def ours(self, name: str) -> float | None:
        """The score our grader must give ``name``."""
        if name in self.differs:
            return self.differs[name]["ours"]
        return self.scores[name]


def expected_path(competition: Competition) -> Path:
    return competition.folder / FILE_NAME


def load_expected(path: Path, *, strict: bool = True) -> ExpectedScores:
    """Read a record; ``strict=False`` lets a difference nobody explained yet through."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected = ExpectedScores(
            how=str(raw["how"]),
            mlebench_commit=str(raw["mlebench_commit"]),
            sample_seed=int(raw["sample_seed"]),
            scores=dict(raw["scores"]),
            differs=dict(raw.get("differs") or {}),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{path}: not a valid expected-scores file ({err!r})") from err
    for name, entry in expected.differs.items():
        if not isinstance(entry, dict) or "ours" not in entry:
            raise ValueError(f"{path}: differs.{name} needs 'ours' (our grader's score)")
        if strict and not entry.get("why"):
            raise ValueError(f"{path}: differs.{name} needs 'ours' and a non-empty 'why'")
        if name not in expected.scores:
            raise ValueError(f"{path}: differs.{name} names no recorded submission")
    return expected


def save_expected(path: Path, expected: ExpectedScores) -> None:
    header = (
        "# Scores of the fixed fidelity submissions (mle_pipeline/fidelity/submissions.py) on\n"
        "# this competition's offline sample data. 'scores' are MLE-bench's own grader's\n"
        "# (null: it scores the submission invalid); 'differs' lists where our grader differs\n"
        "# on purpose. Checked by tests/test_expected_scores.py to 5 decimals.\n"
    )
    body = {
        "how": expected.how,
        "mlebench_commit": expected.mlebench_commit,
        "sample_seed": expected.sample_seed,
        "scores": expected.scores,
    }
    if expected.differs:
        body["differs"] = expected.differs
    write_text(path, header + yaml.safe_dump(body, sort_keys=False, width=100))
