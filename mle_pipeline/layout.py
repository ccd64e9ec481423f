"""Where things live under the data root (MLE-bench's layout: either tool reads the other's).

<root>/<competition>/raw/                 extracted Kaggle download
<root>/<competition>/<competition>.zip    the download itself (kept for checksums)
<root>/<competition>/prepared/public/     what agents see
<root>/<competition>/prepared/private/    answers, never shown to agents
<root>/runs/<agent>/<competition>/seed-<n>/   agent workspaces and outputs
<root>/reports/<agent>/<competition>/seed-<n>.json   graded reports
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_ROOT_ENV = "MLE_PIPELINE_DATA"


def default_data_root() -> Path:
    """``$MLE_PIPELINE_DATA``, else the user's cache directory."""
    configured = os.environ.get(DATA_ROOT_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "mle-pipeline" / "data"


@dataclass(frozen=True)
class DataLayout:
    """Paths of every artefact for a data root."""

    root: Path

    def competition_dir(self, competition_id: str) -> Path:
        return self.root / competition_id

    def raw_dir(self, competition_id: str) -> Path:
        return self.competition_dir(competition_id) / "raw"

    def download_zip(self, competition_id: str) -> Path:
        return self.competition_dir(competition_id) / f"{competition_id}.zip"

    def prepared_dir(self, competition_id: str) -> Path:
        return self.competition_dir(competition_id) / "prepared"

    def public_dir(self, competition_id: str) -> Path:
        return self.prepared_dir(competition_id) / "public"

    def private_dir(self, competition_id: str) -> Path:
        return self.prepared_dir(competition_id) / "private"

    @property
    def runs_root(self) -> Path:
        return self.root / "runs"

    @property
    def reports_root(self) -> Path:
        return self.root / "reports"

    def run_dir(self, agent: str, competition_id: str, seed: int | str) -> Path:
        return self.runs_root / agent / competition_id / f"seed-{seed}"

    def report_path(self, agent: str, competition_id: str, seed: int | str) -> Path:
        return self.reports_root / agent / competition_id / f"seed-{seed}.json"

    @property
    def leaderboard_dir(self) -> Path:
        return self.root / "leaderboard"
