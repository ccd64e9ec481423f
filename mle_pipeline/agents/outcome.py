"""What an agent run produced: exit status, timing, and why it was stopped."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mle_pipeline.atomic import write_json


class AgentStartError(RuntimeError):
    """The agent could not be started (command not found, image missing, sandbox set-up or
    engine failure): an infrastructure failure, which fails the step instead of being
    recorded and graded as the agent's result."""


@dataclass(frozen=True)
class ProcessResult:
    """How a runner's agent process ended (the local and the Docker runner return it)."""

    exit_code: int | None
    timed_out: bool
    wall_seconds: float
    kill_reason: str | None
    reported_metadata: dict


@dataclass(frozen=True)
class RunOutcome:
    agent: str
    competition_id: str
    seed: int
    runner: str
    exit_code: int | None
    timed_out: bool
    wall_seconds: float
    time_limit_seconds: float
    kill_reason: str | None
    submission_exists: bool
    started_at: str
    finished_at: str
    data_source: str
    sample_data: bool
    reported_metadata: dict = field(default_factory=dict)
    preparation_variant: str = "default"
    # The task text given as data/description.md: its kind (agents.task_text) and sha256.
    description: str | None = None
    description_sha256: str | None = None
    # Deterministic integrity signals (integrity.signals.Signals.as_dict()).
    integrity: dict = field(default_factory=dict)

    def save(self, path: Path) -> None:
        write_json(path, asdict(self))

    @classmethod
    def load(cls, path: Path) -> RunOutcome:
        return cls(**json.loads(path.read_text()))
