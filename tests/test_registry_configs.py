"""The 82 competition configs agree with the split lists and the shipped thresholds table."""

from __future__ import annotations

import pytest

from mle_pipeline.registry import (
    NotImplementedCompetitionError,
    UnknownCompetitionError,
    all_competitions,
    get_competition,
    load_split,
    load_thresholds,
)

SPLIT_FILES = ("low", "medium", "high", "dev")

# Competitions whose config direction may legitimately differ from the leaderboard-derived
# ``is_lower_better`` (id -> reason). None are known: every config agrees with the table.
DIRECTION_EXCEPTIONS: dict[str, str] = {}


def test_exactly_82_configs():
    competitions = all_competitions()
    assert len(competitions) == 82
    for competition_id, competition in competitions.items():
        assert competition.id == competition_id
        assert competition.folder.name == competition_id


def test_split_sizes():
    sizes = {name: len(load_split(name)) for name in (*SPLIT_FILES, "all")}
    assert sizes == {"low": 22, "medium": 38, "high": 15, "dev": 7, "all": 75}
    for name in (*SPLIT_FILES, "all"):
        ids = load_split(name)
        assert len(ids) == len(set(ids)), f"duplicate ids in {name}.txt"


def test_all_is_union_of_low_medium_high():
    union = set(load_split("low")) | set(load_split("medium")) | set(load_split("high"))
    assert set(load_split("all")) == union
    assert len(union) == 75
    assert not union & set(load_split("dev"))


def test_lite_is_low():
    assert load_split("lite") == load_split("low")
    assert len(load_split("lite")) == 22


@pytest.mark.parametrize("split", SPLIT_FILES)
def test_every_split_id_has_a_config_with_that_split(split):
    competitions = all_competitions()
    for competition_id in load_split(split):
        assert competition_id in competitions, f"{competition_id} ({split}.txt) has no config"
        assert competitions[competition_id].split == split


def test_configs_are_exactly_the_split_ids():
    listed = set(load_split("all")) | set(load_split("dev"))
    assert set(all_competitions()) == listed


def test_every_competition_has_a_thresholds_row():
    thresholds = load_thresholds()
    missing = sorted(set(all_competitions()) - set(thresholds))
    assert not missing, f"no thresholds row for {missing}"


def test_direction_matches_thresholds_table():
    thresholds = load_thresholds()
    mismatched = {
        competition_id: (competition.lower_is_better, thresholds[competition_id].is_lower_better)
        for competition_id, competition in all_competitions().items()
        if competition.lower_is_better != thresholds[competition_id].is_lower_better
    }
    assert set(mismatched) == set(DIRECTION_EXCEPTIONS), mismatched


def test_summaries_non_empty_and_short():
    for competition in all_competitions().values():
        assert competition.summary.strip(), f"{competition.id}: empty summary"
        assert len(competition.summary) < 600, f"{competition.id}: summary too long"


def test_config_fields_are_well_formed():
    for competition in all_competitions().values():
        assert competition.name.strip()
        assert competition.metric.strip()
        assert isinstance(competition.implemented, bool)
        for path in (competition.answers, competition.sample_submission):
            assert path.startswith(("public/", "private/")), f"{competition.id}: {path}"
            assert "/prepared/" not in path
        assert competition.answers.startswith("private/")
        assert all(isinstance(issue, str) and issue for issue in competition.known_issues)
        if competition.dataset_size_gb is not None:
            assert isinstance(competition.dataset_size_gb, float)


def test_lite_competitions_have_category_and_size():
    for competition_id in load_split("lite"):
        competition = get_competition(competition_id)
        assert competition.category, competition_id
        assert competition.dataset_size_gb is not None, competition_id


def test_unknown_competition_raises():
    with pytest.raises(UnknownCompetitionError):
        get_competition("nope")


def test_unimplemented_prepare_fn_raises():
    unimplemented = [c for c in all_competitions().values() if not c.implemented]
    if not unimplemented:
        pytest.skip("every competition is implemented")
    competition = unimplemented[0]
    with pytest.raises(NotImplementedCompetitionError) as excinfo:
        _ = competition.prepare_fn
    message = str(excinfo.value)
    assert competition.id in message
    assert "not implemented" in message
