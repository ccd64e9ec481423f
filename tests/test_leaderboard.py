"""Leaderboard aggregation: mean ± SEM over seeds, missing runs counted as failures."""

import json
import math
from pathlib import Path

import pytest

from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import aggregate
from mle_pipeline.leaderboard.render import to_markdown, write_outputs
from mle_pipeline.registry import load_split

LITE = load_split("lite")


def _report(layout: DataLayout, agent: str, cid: str, seed: int, medal: bool, source="sample"):
    path = layout.report_path(agent, cid, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "competition_id": cid, "agent": agent, "seed": seed, "data_source": source,
        "sample_data": source == "sample", "any_medal": medal, "gold_medal": medal,
        "silver_medal": False, "bronze_medal": False, "above_median": medal,
        "valid_submission": True, "submission_exists": True, "score": 1.0,
    }))


def test_sem_over_seeds_with_a_missing_seed(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    # seed 0: 2 medals; seed 1: 1 medal; seed 2: 1 medal but one competition has no report.
    for seed, medals in ((0, 2), (1, 1), (2, 1)):
        for i, cid in enumerate(LITE[:3]):
            if seed == 2 and i == 2:
                continue
            _report(layout, "a", cid, seed, medal=i < medals)
    frame = aggregate(layout.reports_root)
    row = frame[(frame.agent == "a") & (frame.split == "low")].iloc[0]
    per_seed = [2 / 22 * 100, 1 / 22 * 100, 1 / 22 * 100]
    mean = sum(per_seed) / 3
    sem = math.sqrt(sum((x - mean) ** 2 for x in per_seed) / 2) / math.sqrt(3)
    assert row.n_seeds == 3 and row.n_competitions == 22
    assert row.n_graded_max == 3 and row.n_graded_min == 2
    assert row.any_medal_pct_mean == pytest.approx(mean)
    assert row.any_medal_pct_sem == pytest.approx(sem)
    # The missing (competition, seed) counts as no valid submission.
    assert row.valid_submission_pct_mean == pytest.approx((3 + 3 + 2) / 3 / 22 * 100)


def test_sample_and_kaggle_results_are_never_mixed(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    _report(layout, "a", LITE[0], 0, True, source="sample")
    _report(layout, "b", LITE[0], 0, True, source="kaggle")
    frame = aggregate(layout.reports_root)
    low = frame[frame.split == "low"]
    assert set(zip(low.agent, low.sample_data, strict=True)) == {("a", True), ("b", False)}
    text = to_markdown(frame)
    assert "OFFLINE SAMPLE DATA" in text
    paths = write_outputs(frame, layout.leaderboard_dir)
    assert all(p.is_file() for p in paths.values())


def test_single_seed_has_zero_sem_and_empty_store_is_empty(tmp_path: Path) -> None:
    assert aggregate(tmp_path / "nothing").empty
    layout = DataLayout(tmp_path)
    _report(layout, "a", LITE[0], 0, True)
    row = aggregate(layout.reports_root).iloc[0]
    assert row.any_medal_pct_sem == 0
