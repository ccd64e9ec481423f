"""The Kaggle progression medal rule at every team-count boundary, and ranking."""

import pytest

from mle_pipeline.medals import (
    Thresholds,
    medal_positions,
    rank_score,
    thresholds_from_scores,
)


@pytest.mark.parametrize(
    ("n_teams", "expected"),
    [
        (1, (1, 1, 1)),
        (5, (1, 1, 2)),
        (10, (1, 2, 4)),
        (99, (9, 19, 39)),
        (100, (10, 20, 40)),
        (249, (10, 49, 99)),
        (250, (10, 50, 100)),
        (999, (11, 50, 100)),
        (1000, (12, 50, 100)),
        (2288, (14, 114, 228)),
    ],
)
def test_positions_by_team_count(n_teams: int, expected: tuple[int, int, int]) -> None:
    assert medal_positions(n_teams) == expected


def test_positions_reject_empty_leaderboard() -> None:
    with pytest.raises(ValueError):
        medal_positions(0)


def test_thresholds_read_scores_at_positions_and_median() -> None:
    scores = [1.0 - i / 1000 for i in range(300)]  # higher is better, 300 teams
    t = thresholds_from_scores(scores)
    assert t.n_teams == 300 and not t.is_lower_better
    assert t.gold == scores[9]  # rank 10 + int(300 * 0.002) = 10
    assert t.silver == scores[49] and t.bronze == scores[99]
    assert t.median == pytest.approx((scores[149] + scores[150]) / 2)


def test_lower_is_better_follows_leaderboard_order() -> None:
    t = thresholds_from_scores([0.1, 0.2, 0.3, 0.4, 0.5])
    assert t.is_lower_better
    assert rank_score(0.1, t).gold_medal
    assert not rank_score(0.6, t).any_medal


def test_ties_at_threshold_win_the_medal_but_median_is_strict() -> None:
    t = Thresholds(n_teams=500, gold=0.9, silver=0.8, bronze=0.7, median=0.6, is_lower_better=False)
    assert rank_score(0.9, t).gold_medal
    silver = rank_score(0.8, t)
    assert silver.silver_medal and not silver.gold_medal and silver.any_medal
    bronze = rank_score(0.7, t)
    assert bronze.bronze_medal and not bronze.silver_medal
    assert not rank_score(0.6, t).above_median
    assert rank_score(0.61, t).above_median and not rank_score(0.61, t).any_medal


def test_no_score_wins_nothing() -> None:
    t = Thresholds(10, 1.0, 0.9, 0.8, 0.5, False)
    ranking = rank_score(None, t)
    assert not (ranking.any_medal or ranking.above_median)
