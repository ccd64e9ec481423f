"""Experiments (run groups): one ``mle-pipeline run`` of agents over competitions and seeds.

An experiment is recorded in ``<root>/experiments/<id>.json`` by the CLI, the only writer
of these files. Each run it launches carries the run tag ``mle_pipeline/experiment`` and
every report it grades gets an ``experiment`` field (``null`` for runs launched without
one, e.g. from the UI).

The leaderboard uses experiments for one rule: while an experiment is *open* (status
``running``, before its deadline, and — on the machine that started it — its process
still alive), its (competition, seed) pairs that have no report yet are runs in progress
and are left out instead of being counted as failures. Once the experiment is complete,
interrupted, crashed or past its deadline, missing pairs count as failures again.

The deadline is ``created_at + 1 h + 1.1 × time limit × runs``: the CLI runs one agent
at a time, so that is the longest a healthy run group can take (10 % and an hour for
preparation and grading).
"""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mle_pipeline.atomic import exclusive_lock, write_json

EXPERIMENT_TAG = "mle_pipeline/experiment"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")

RUNNING, COMPLETE, INCOMPLETE, INTERRUPTED = "running", "complete", "incomplete", "interrupted"
STATUSES = (RUNNING, COMPLETE, INCOMPLETE, INTERRUPTED)
DEADLINE_SLACK = timedelta(hours=1)
DEADLINE_FACTOR = 1.1


class ExperimentError(ValueError):
    """An experiment id or file that cannot be used."""


def experiments_dir(data_root: Path) -> Path:
    return data_root / "experiments"


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_id(experiment_id: str) -> str:
    if not ID_PATTERN.match(experiment_id or ""):
        raise ExperimentError(
            f"experiment id {experiment_id!r} is not usable as a file name: use letters, "
            "digits and . _ + - (at most 128, starting with a letter or digit)"
        )
    return experiment_id


def default_id(agents: Sequence[str], now: datetime | None = None) -> str:
    """``<UTC timestamp>_<agent>`` (agents joined with ``+``), e.g. 20250101T030000Z_dummy."""
    stamp = (now or utc_now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return check_id(f"{stamp}_{'+'.join(agents)}")


def run_budget(time_limit_seconds: float, n_runs: int) -> timedelta:
    return DEADLINE_SLACK + timedelta(seconds=DEADLINE_FACTOR * time_limit_seconds * n_runs)


@dataclass(frozen=True)
class Experiment:
    id: str
    agent: str
    agents: list[str]
    splits: list[str]
    competitions: list[str]
    seeds: list[int]
    created_at: str
    deadline: str
    status: str = RUNNING
    time_limit_seconds: float | None = None
    data_source: str | None = None
    finished_at: str | None = None
    host: str | None = None
    pid: int | None = None
    imported_from: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    def path(self, data_root: Path) -> Path:
        return experiments_dir(data_root) / f"{self.id}.json"

    def save(self, data_root: Path) -> Path:
        path = self.path(data_root)
        write_json(path, asdict(self))
        return path

    @classmethod
    def from_dict(cls, data: dict) -> Experiment:
        known = set(cls.__dataclass_fields__)
        missing = [
            k
            for k in ("id", "agents", "competitions", "seeds", "created_at", "deadline")
            if k not in data
        ]
        if missing:
            raise ExperimentError(f"not an experiment record: missing {missing}")
        data = {k: v for k, v in data.items() if k in known}
        data.setdefault("agent", "+".join(data["agents"]))
        data.setdefault("splits", [])
        if data.get("status") not in STATUSES:
            raise ExperimentError(f"unknown experiment status {data.get('status')!r}")
        return cls(**data)

    def process_alive(self) -> bool:
        """False only when this machine started it and its process is gone."""
        if self.pid is None or self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def is_open(self, now: datetime | None = None) -> bool:
        """Runs in progress: missing pairs are left out of the leaderboard, not failures."""
        return (
            self.status == RUNNING
            and (now or utc_now()) < parse_time(self.deadline)
            and self.process_alive()
        )

    def pairs(self) -> list[tuple[str, str, int]]:
        """Every (agent, competition, seed) the experiment is meant to produce."""
        return [(a, c, s) for a in self.agents for c in self.competitions for s in self.seeds]


def load(data_root: Path, experiment_id: str) -> Experiment | None:
    path = experiments_dir(data_root) / f"{check_id(experiment_id)}.json"
    if not path.is_file():
        return None
    return Experiment.from_dict(json.loads(path.read_text()))


def load_all(data_root: Path, warn=None) -> list[Experiment]:
    """Every readable experiment record; unreadable ones are reported through ``warn``."""
    found = []
    for path in sorted(experiments_dir(data_root).glob("*.json")):
        try:
            found.append(Experiment.from_dict(json.loads(path.read_text())))
        except (OSError, ValueError, TypeError) as err:
            if warn is not None:
                warn(f"skipping unreadable experiment record {path}: {err}")
    return found


def start(
    data_root: Path,
    experiment_id: str | None,
    *,
    agents: Sequence[str],
    splits: Sequence[str],
    competitions: Sequence[str],
    seeds: Sequence[int],
    time_limit_seconds: float,
    data_source: str | None,
    now: datetime | None = None,
) -> Experiment:
    """Record a new experiment as running, or reopen an existing one with the same id.

    Reopening (e.g. resuming after a crash) keeps ``created_at`` and adds the new
    competitions and seeds; the deadline is extended to cover the new runs. Without an
    id, a new one is made (:func:`default_id`, with ``-2``, ``-3``... if taken): two runs
    started in the same second get distinct experiments. The whole read-modify-write
    happens under a lock, so concurrent starts never overwrite each other.
    """
    now = now or utc_now()
    with exclusive_lock(experiments_dir(data_root) / ".lock"):
        if experiment_id is None:
            experiment_id = _unused_id(data_root, agents, now)
        return _start_locked(
            data_root,
            check_id(experiment_id),
            agents=agents,
            splits=splits,
            competitions=competitions,
            seeds=seeds,
            time_limit_seconds=time_limit_seconds,
            data_source=data_source,
            now=now,
        )


def _unused_id(data_root: Path, agents: Sequence[str], now: datetime) -> str:
    base = default_id(agents, now)
    candidate, n = base, 1
    while (experiments_dir(data_root) / f"{candidate}.json").exists():
        n += 1
        stamp, _, names = base.partition("_")
        candidate = check_id(f"{stamp}-{n}_{names}")
    return candidate


def _start_locked(
    data_root: Path,
    experiment_id: str,
    *,
    agents: Sequence[str],
    splits: Sequence[str],
    competitions: Sequence[str],
    seeds: Sequence[int],
    time_limit_seconds: float,
    data_source: str | None,
    now: datetime,
) -> Experiment:
    previous = load(data_root, experiment_id)
    n_runs = len(agents) * len(competitions) * len(seeds)
    deadline = now + run_budget(time_limit_seconds, n_runs)
    if previous is not None:
        deadline = max(deadline, parse_time(previous.deadline))
        agents = list(dict.fromkeys([*previous.agents, *agents]))
        splits = list(dict.fromkeys([*previous.splits, *splits]))
        competitions = list(dict.fromkeys([*previous.competitions, *competitions]))
        seeds = sorted({*previous.seeds, *seeds})
    experiment = Experiment(
        id=experiment_id,
        agent="+".join(agents),
        agents=list(agents),
        splits=list(splits),
        competitions=list(competitions),
        seeds=[int(s) for s in seeds],
        created_at=previous.created_at if previous else _iso(now),
        deadline=_iso(deadline),
        status=RUNNING,
        time_limit_seconds=time_limit_seconds,
        data_source=data_source,
        host=socket.gethostname(),
        pid=os.getpid(),
    )
    experiment.save(data_root)
    return experiment


def finish(
    data_root: Path, experiment: Experiment, status: str, summary: dict | None = None
) -> Experiment:
    if status not in STATUSES or status == RUNNING:
        raise ExperimentError(f"cannot finish an experiment with status {status!r}")
    done = replace(
        experiment, status=status, finished_at=_iso(utc_now()), summary=dict(summary or {})
    )
    done.save(data_root)
    return done


def record_imported(
    data_root: Path,
    experiment_id: str,
    agent: str,
    competitions: Iterable[str],
    seeds: Iterable[int],
    sources: Sequence[str],
) -> Experiment:
    """A closed experiment for reports imported from MLE-bench grading-report files."""
    now = _iso(utc_now())
    experiment = Experiment(
        id=check_id(experiment_id),
        agent=agent,
        agents=[agent],
        splits=[],
        competitions=sorted(set(competitions)),
        seeds=sorted(set(seeds)),
        created_at=now,
        deadline=now,
        status=COMPLETE,
        data_source="kaggle",
        finished_at=now,
        imported_from=list(sources),
    )
    experiment.save(data_root)
    return experiment


def open_pairs(
    data_root: Path, now: datetime | None = None, warn=None
) -> tuple[list[tuple[str, str, int]], list[str]]:
    """(agent, competition, seed) of every open experiment, and those experiments' ids."""
    pairs: set[tuple[str, str, int]] = set()
    ids = []
    for experiment in load_all(data_root, warn=warn):
        if experiment.is_open(now):
            ids.append(experiment.id)
            pairs.update(experiment.pairs())
    return sorted(pairs), ids
