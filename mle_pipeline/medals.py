"""The Kaggle progression medal rule, as MLE-bench applies it to a final leaderboard.

Thresholds are scores read off the leaderboard at rank positions that depend on the
number of teams (https://www.kaggle.com/progression):

=============  ===================  ==================  ==================
teams          gold                 silver              bronze
=============  ===================  ==================  ==================
1 - 99         top 10 %             top 20 %            top 40 %
100 - 249      rank 10              top 20 %            top 40 %
250 - 999      rank 10 + 0.2 %      rank 50             rank 100
1000 and more  rank 10 + 0.2 %      top 5 %             top 10 %
=============  ===================  ==================  ==================

Percentages are truncated to whole ranks (never below rank 1); the median threshold is
the median of all leaderboard scores. Direction comes from the leaderboard itself: lower
is better when the top score is smaller than the bottom score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Thresholds:
    """Medal thresholds of one competition, derived from its final leaderboard."""

    n_teams: int
    gold: float
    silver: float
    bronze: float
    median: float
    is_lower_better: bool

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Ranking:
    """Where one score lands against a competition's thresholds."""

    gold_medal: bool
    silver_medal: bool
    bronze_medal: bool
    above_median: bool

    @property
    def any_medal(self) -> bool:
        return self.gold_medal or self.silver_medal or self.bronze_medal


def medal_positions(n_teams: int) -> tuple[int, int, int]:
    """1-based leaderboard ranks whose scores are the gold, silver and bronze thresholds."""
    if n_teams < 1:
        raise ValueError(f"a leaderboard needs at least one team, got {n_teams}")

    def share(fraction: float) -> int:
        return max(1, int(n_teams * fraction))

    if n_teams < 100:
        return share(0.1), share(0.2), share(0.4)
    if n_teams < 250:
        return 10, share(0.2), share(0.4)
    gold = 10 + int(n_teams * 0.002)
    if n_teams < 1000:
        return gold, 50, 100
    return gold, share(0.05), share(0.1)


def is_lower_better(scores: Sequence[float]) -> bool:
    """Direction of a best-first leaderboard: lower is better if the top score is smaller."""
    return bool(scores[0] < scores[-1])


def thresholds_from_scores(scores: Sequence[float]) -> Thresholds:
    """Compute the thresholds from a final leaderboard's scores, ordered best first."""
    values = np.asarray(scores, dtype=float)
    n_teams = len(values)
    gold, silver, bronze = (float(values[p - 1]) for p in medal_positions(n_teams))
    return Thresholds(
        n_teams=n_teams,
        gold=gold,
        silver=silver,
        bronze=bronze,
        median=float(np.median(values)),
        is_lower_better=is_lower_better(values),
    )


def rank_score(score: float | None, thresholds: Thresholds) -> Ranking:
    """Place a score against the thresholds; ``None`` (no valid submission) wins nothing.

    A score equal to a medal threshold earns that medal; beating the median must be strict.
    """
    if score is None:
        return Ranking(False, False, False, False)

    def reaches(threshold: float) -> bool:
        return score <= threshold if thresholds.is_lower_better else score >= threshold

    gold = reaches(thresholds.gold)
    silver = not gold and reaches(thresholds.silver)
    bronze = not gold and not silver and reaches(thresholds.bronze)
    if thresholds.is_lower_better:
        above_median = score < thresholds.median
    else:
        above_median = score > thresholds.median
    return Ranking(gold, silver, bronze, above_median)
