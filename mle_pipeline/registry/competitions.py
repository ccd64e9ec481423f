"""Competition configs: one ``config.yaml`` per folder under ``mle_pipeline/competitions/``."""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import yaml

COMPETITIONS_DIR = Path(__file__).resolve().parent.parent / "competitions"
COMPLEXITIES = ("low", "medium", "high", "dev")
CHECKSUMS_ENV = "MLE_PIPELINE_CHECKSUMS"


class UnknownCompetitionError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


class NotImplementedCompetitionError(RuntimeError):
    """A competition is registered but its prepare/grade code does not exist yet."""


@dataclass(frozen=True)
class Competition:
    """Facts about one competition, read from its ``config.yaml``."""

    id: str
    name: str
    split: str
    metric: str
    lower_is_better: bool
    awards_medals: bool
    answers: str
    sample_submission: str
    summary: str
    implemented: bool
    category: str | None = None
    dataset_size_gb: float | None = None
    known_issues: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return COMPETITIONS_DIR / self.id

    def checksums_path(self, sample_data: bool = False) -> Path:
        """The reference checksums for real Kaggle data (or for offline sample data).

        ``$MLE_PIPELINE_CHECKSUMS`` may name a folder holding ``<id>/checksums.yaml`` (or an
        MLE-bench checkout, ``mlebench/competitions/<id>/checksums.yaml``); a file found
        there takes precedence over the one in this competition's folder.
        """
        name = "checksums.sample.yaml" if sample_data else "checksums.yaml"
        override = os.environ.get(CHECKSUMS_ENV)
        if override:
            for candidate in (
                Path(override) / self.id / name,
                Path(override) / "mlebench" / "competitions" / self.id / name,
            ):
                if candidate.is_file():
                    return candidate
        return self.folder / name

    def require_implemented(self) -> None:
        if not self.implemented:
            raise NotImplementedCompetitionError(
                f"competition {self.id!r} is registered but not implemented yet "
                f"(implemented: false in {self.folder / 'config.yaml'}); "
                "it cannot be prepared, run or graded"
            )

    def _module(self, name: str) -> ModuleType:
        self.require_implemented()
        return importlib.import_module(f"mle_pipeline.competitions.{self.id}.{name}")

    @property
    def prepare_fn(self) -> Callable[..., None]:
        """``prepare(raw, public, private)``: MLE-bench's split of the Kaggle data."""
        return self._module("prepare").prepare

    @property
    def grade_fn(self) -> Callable:
        """``grade(submission, answers) -> float``; raises InvalidSubmissionError."""
        return self._module("grade").grade

    @property
    def prepare_variant(self) -> str:
        """The preparation variant asked for (a ``variant()`` in prepare.py), else "default"."""
        chooser = getattr(self._module("prepare"), "variant", None)
        return chooser() if chooser else "default"

    @property
    def sample_fn(self) -> Callable[..., None]:
        """``generate(out_dir, seed)``: synthetic raw data in the Kaggle download's layout."""
        return self._module("sample").generate


def _load_config(path: Path) -> Competition:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of competition facts")
    try:
        competition = Competition(
            id=raw["id"],
            name=raw["name"],
            split=raw["split"],
            metric=raw["metric"],
            lower_is_better=bool(raw["lower_is_better"]),
            awards_medals=bool(raw["awards_medals"]),
            answers=raw["answers"],
            sample_submission=raw["sample_submission"],
            summary=str(raw["summary"]).strip(),
            implemented=bool(raw["implemented"]),
            category=raw.get("category"),
            dataset_size_gb=raw.get("dataset_size_gb"),
            known_issues=tuple(raw.get("known_issues") or ()),
            options=dict(raw.get("options") or {}),
        )
    except KeyError as err:
        raise ValueError(f"{path}: missing required field {err.args[0]!r}") from err
    if competition.id != path.parent.name:
        raise ValueError(f"{path}: id {competition.id!r} differs from its folder name")
    if competition.split not in COMPLEXITIES:
        raise ValueError(f"{path}: split must be one of {COMPLEXITIES}, got {competition.split!r}")
    return competition


@functools.cache
def all_competitions() -> dict[str, Competition]:
    """Every registered competition by id, sorted."""
    configs = sorted(COMPETITIONS_DIR.glob("*/config.yaml"))
    return {c.id: c for c in map(_load_config, configs)}


def get_competition(competition_id: str) -> Competition:
    try:
        return all_competitions()[competition_id]
    except KeyError:
        raise UnknownCompetitionError(
            f"unknown competition {competition_id!r}; "
            f"see `mle-pipeline list` for the {len(all_competitions())} registered ids"
        ) from None
