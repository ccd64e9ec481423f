"""The shipped thresholds table equals what the real leaderboards in ../shared give."""

from pathlib import Path

import pytest

from mle_pipeline.registry.thresholds import (
    get_thresholds,
    load_thresholds,
    thresholds_from_leaderboard,
    write_thresholds_table,
)


def test_shipped_table_matches_real_leaderboards(leaderboards_dir: Path) -> None:
    shipped = load_thresholds()
    files = sorted(leaderboards_dir.glob("*.csv"))
    assert len(files) == 82 and len(shipped) == 82
    for path in files:
        assert shipped[path.stem] == thresholds_from_leaderboard(path), path.stem


def test_known_competition_figures() -> None:
    t = load_thresholds()["spaceship-titanic"]
    assert (t.n_teams, t.gold, t.is_lower_better) == (2288, 0.82066, False)
    assert load_thresholds()["nomad2018-predict-transparent-conductors"].is_lower_better


def test_user_leaderboard_folder_takes_precedence(tmp_path: Path) -> None:
    folder = tmp_path / "mlebench" / "competitions" / "spaceship-titanic"
    folder.mkdir(parents=True)
    (folder / "leaderboard.csv").write_text("teamId,score\n1,0.9\n2,0.8\n3,0.7\n")
    t = get_thresholds("spaceship-titanic", leaderboards_dir=tmp_path)
    assert (t.n_teams, t.gold, t.bronze) == (3, 0.9, 0.9)


def test_bad_leaderboard_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("rank,points\n1,2\n")
    with pytest.raises(ValueError, match="x.csv"):
        thresholds_from_leaderboard(bad)


def test_table_can_be_regenerated(leaderboards_dir: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    assert write_thresholds_table(leaderboards_dir, table) == 82
    assert load_thresholds(table) == load_thresholds()
