"""One integrity check's verdict on one run, kept beside the run for the leaderboard.

Each check writes ``<run_dir>/integrity/<check>.<status>.json``; a rerun of the agent starts from a
fresh run folder, so a verdict never outlives the run it judged. The agent never sees
this folder (it sees only ``home/``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mle_pipeline.atomic import write_json

PASSED = "passed"
FLAGGED = "flagged"
NOT_RUN = "not run"  # never counts as passed
STATUSES = (PASSED, FLAGGED, NOT_RUN)
FOLDER = "integrity"
FLAGGED_SUFFIX = f".{FLAGGED}.json"


@dataclass(frozen=True)
class Verdict:
    check: str
    status: str
    summary: str
    details: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"verdict status {self.status!r} is not one of {STATUSES}")

    @property
    def flagged(self) -> bool:
        return self.status == FLAGGED

    def save(self, run_dir: Path) -> Path:
        """Write ``<check>.<status>.json`` (the status in the name lets the leaderboard
        find flagged runs from a folder listing) and drop the check's earlier verdict."""
        folder = run_dir / FOLDER
        path = folder / f"{self.check}.{self.status.replace(' ', '_')}.json"
        write_json(path, asdict(self))
        for other in folder.glob(f"{self.check}.*.json"):
            if other != path:
                other.unlink(missing_ok=True)
        return path


def load_verdicts(run_dir: Path) -> list[Verdict]:
    """Every verdict recorded for the run in ``run_dir`` (unreadable files are skipped)."""
    verdicts = []
    for path in sorted((run_dir / FOLDER).glob("*.json")):
        try:
            payload = json.loads(path.read_text())
            verdicts.append(Verdict(**payload))
        except (OSError, ValueError, TypeError):
            continue
    return verdicts
