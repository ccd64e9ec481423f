"""The competition registry: configs, split lists and leaderboard thresholds, all data."""

from mle_pipeline.registry.competitions import (
    Competition,
    NotImplementedCompetitionError,
    UnknownCompetitionError,
    all_competitions,
    get_competition,
)
from mle_pipeline.registry.splits import SPLIT_ALIASES, UnknownSplitError, load_split, split_names
from mle_pipeline.registry.thresholds import get_thresholds, load_thresholds

__all__ = [
    "SPLIT_ALIASES",
    "Competition",
    "NotImplementedCompetitionError",
    "UnknownCompetitionError",
    "UnknownSplitError",
    "all_competitions",
    "get_competition",
    "get_thresholds",
    "load_split",
    "load_thresholds",
    "split_names",
]
