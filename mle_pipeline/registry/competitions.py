"""Competition configs: one ``config.yaml`` per folder under ``mle_pipeline/competitions/``."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from pydantic import Field

from mle_pipeline.schema import Strict, StrTuple, load_yaml_mapping, validate

COMPETITIONS_DIR = Path(__file__).resolve().parent.parent / "competitions"
COMPLEXITIES = ("low", "medium", "high", "dev")


class UnknownCompetitionError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


class NotImplementedCompetitionError(RuntimeError):
    """A competition is registered but its prepare/grade code does not exist yet."""


class CompetitionConfigError(ValueError):
    """A ``config.yaml`` that does not match :class:`Competition`."""


class Competition(Strict):
    """Facts about one competition, read from its ``config.yaml`` (the declared schema)."""

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
    dataset_size_gb: float | None = Field(default=None, ge=0)
    known_issues: StrTuple = ()
    # Per-competition switches read by its own prepare/grade code.
    options: dict[str, bool | int | float | str] = Field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return COMPETITIONS_DIR / self.id

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
    raw = load_yaml_mapping(path, "competition facts", CompetitionConfigError)
    if raw.get("known_issues") is None:
        raw.pop("known_issues", None)
    if raw.get("options") is None:
        raw.pop("options", None)
    competition = validate(Competition, raw, str(path), CompetitionConfigError)
    competition = competition.model_copy(update={"summary": competition.summary.strip()})
    if competition.id != path.parent.name:
        raise CompetitionConfigError(f"{path}: id {competition.id!r} differs from its folder name")
    if competition.split not in COMPLEXITIES:
        raise CompetitionConfigError(
            f"{path}: split must be one of {COMPLEXITIES}, got {competition.split!r}"
        )
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
