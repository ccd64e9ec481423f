"""Leaderboard aggregation: mean ± SEM over seeds, missing runs counted as failures."""

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import _report_files, aggregate, build
from mle_pipeline.leaderboard.render import to_markdown, write_outputs
from mle_pipeline.registry import load_split

LITE = load_split("lite")


def _write_report(layout: DataLayout, agent: str, cid: str, seed: int, source: str, **fields):
    path = layout.report_path(agent, cid, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "competition_id": cid,
                "agent": agent,
                "seed": seed,
                "data_source": source,
                "sample_data": source == "sample",
                "silver_medal": False,
                "bronze_medal": False,
                "valid_submission": True,
                "submission_exists": True,
                **fields,
            }
        )
    )


def _report(layout: DataLayout, agent: str, cid: str, seed: int, medal: bool, source="sample"):
    _write_report(
        layout, agent, cid, seed, source,
        any_medal=medal, gold_medal=medal, above_median=medal, score=1.0,
    )  # fmt: skip


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


# ---------------------------------------------------------------- in-progress experiments


def _experiment(layout: DataLayout, eid: str, agent: str, cids, seeds, **fields) -> None:
    from datetime import UTC, datetime, timedelta

    record = {
        "id": eid,
        "agent": agent,
        "agents": [agent],
        "splits": ["low"],
        "competitions": list(cids),
        "seeds": list(seeds),
        "created_at": datetime.now(UTC).isoformat(),
        "deadline": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
        "status": "running",
        "host": None,
        "pid": None,
    }
    record.update(fields)
    path = layout.root / "experiments" / f"{eid}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record))


def test_open_experiment_leaves_missing_runs_out_until_done(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    layout = DataLayout(tmp_path)
    # 2 of the experiment's 4 competitions are graded (one medal), for seed 0.
    _report(layout, "a", LITE[0], 0, True)
    _report(layout, "a", LITE[1], 0, False)
    _experiment(layout, "exp1", "a", LITE[:4], [0])

    row = aggregate(layout.reports_root).query("split == 'low'").iloc[0]
    # Pending: LITE[2], LITE[3]. Not in the experiment: the other 18 count as failures.
    assert row.n_pending == 2 and row.n_competitions == 22
    assert row.any_medal_pct_mean == pytest.approx(100 / 20)
    assert "pending" in to_markdown(build(layout.reports_root, vouched=None))

    # Past its deadline, the missing runs are failures again.
    later = datetime.now(UTC) + timedelta(hours=2)
    row = aggregate(layout.reports_root, now=later).query("split == 'low'").iloc[0]
    assert row.n_pending == 0 and row.any_medal_pct_mean == pytest.approx(100 / 22)

    # So once it is complete, or when its process (on this machine) is gone.
    _experiment(layout, "exp1", "a", LITE[:4], [0], status="complete")
    assert aggregate(layout.reports_root).query("split == 'low'").iloc[0].n_pending == 0
    import socket

    dead_pid = 2**22 + 12345  # above pid_max's default: no such process
    _experiment(layout, "exp1", "a", LITE[:4], [0], host=socket.gethostname(), pid=dead_pid)
    assert aggregate(layout.reports_root).query("split == 'low'").iloc[0].n_pending == 0


# ------------------------------------------------------------------ unreadable reports


def test_unreadable_reports_are_skipped_with_a_warning(tmp_path: Path, caplog) -> None:
    layout = DataLayout(tmp_path)
    for i, cid in enumerate(LITE[:3]):
        _report(layout, "a", cid, 0, medal=i == 0)
    clean = aggregate(layout.reports_root)
    bad = {
        "truncated": '{"competition_id": "x", "agent": "a", "se',
        "empty": "",
        "array": "[1, 2]",
        "wrongtype": json.dumps({"competition_id": LITE[5], "agent": "a", "seed": "zero"}),
        "nofields": json.dumps({"score": 1.0}),
    }
    for name, text in bad.items():
        path = layout.report_path("a", name, 0)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    layout.report_path("a", "notutf8", 0).parent.mkdir()
    layout.report_path("a", "notutf8", 0).write_bytes(b'{"agent": "\xff"}')
    layout.report_path("a", "folder", 0).mkdir(parents=True)  # a folder where a file belongs
    bad.update(notutf8="", folder="")
    (layout.reports_root / "a" / "stray.txt").write_text("not a report folder")
    messages: list[str] = []
    data = build(layout.reports_root, vouched=None, warn=messages.append)
    assert sorted(Path(s.path).parent.name for s in data.skipped) == sorted(bad)
    assert all(any(f"/{name}/seed-0.json" in m for m in messages) for name in bad)
    pd.testing.assert_frame_equal(data.summary, clean)
    with caplog.at_level("WARNING", logger="mle_pipeline.leaderboard"):
        build(layout.reports_root, vouched=None)  # default: warnings go to the module's logger
    assert "nofields/seed-0.json" in caplog.text and "truncated/seed-0.json" in caplog.text


def test_report_files_are_what_a_glob_finds(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    for agent, cid, seed in [("a", LITE[0], 0), ("a", LITE[0], 11), (".b", LITE[1], 2)]:
        _report(layout, agent, cid, seed, medal=False)
    (layout.reports_root / "a" / "loose.json").write_text("{}")
    (layout.reports_root / "a" / LITE[0] / "notes.json").write_text("{}")
    (layout.reports_root / "a" / LITE[0] / "Seed-3.json").write_text("{}")
    expected = sorted(str(p) for p in layout.reports_root.glob("*/*/seed-*.json"))
    assert len(expected) == 3
    assert _report_files(layout.reports_root) == expected
    assert _report_files(tmp_path / "nothing here") == []


# ------------------------------------------------------------- per competition and HTML


def _full_report(layout, agent, cid, seed, score, *, source="sample", lower=False):
    med, bronze = (0.5, 0.8) if not lower else (0.5, 0.2)
    better = (score < bronze) if lower else (score > bronze)
    _write_report(
        layout, agent, cid, seed, source,
        score=score, gold_threshold=bronze, silver_threshold=bronze, bronze_threshold=bronze,
        median_threshold=med, is_lower_better=lower, any_medal=better, gold_medal=better,
        above_median=(score < med) if lower else (score > med), experiment="e1",
    )  # fmt: skip


def test_per_competition_scores_against_thresholds(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    _full_report(layout, "a", LITE[0], 0, 0.8)  # at bronze -> 1
    _full_report(layout, "a", LITE[0], 1, 0.6)  # mean 0.7 -> (0.7-0.5)/0.3
    _full_report(layout, "a", LITE[1], 0, 0.35, lower=True)  # halfway to bronze -> 0.5
    rows = build(layout.reports_root, vouched=None).competitions.set_index("competition_id")
    assert rows.loc[LITE[0], "mean_score"] == pytest.approx(0.7)
    assert rows.loc[LITE[0], "relative_score"] == pytest.approx(2 / 3)
    assert rows.loc[LITE[0], "best_score"] == pytest.approx(0.8)
    assert rows.loc[LITE[1], "relative_score"] == pytest.approx(0.5)
    assert rows.loc[LITE[1], "best_score"] == pytest.approx(0.35)
    assert set(rows["data"]) == {"OFFLINE SAMPLE DATA"} and set(rows["experiments"]) == {"e1"}


def make_demo_store(root: Path) -> DataLayout:
    """Two sample-data agents over 3 seeds, an imported Kaggle agent, an open experiment."""
    import random

    layout = DataLayout(root)
    rng = random.Random(0)
    for agent, skill in (("baseline", 0.55), ("dummy", 0.2)):
        for seed in range(3):
            for cid in LITE[:10] + load_split("medium")[:4]:
                score = rng.random() * 0.6 + skill
                _full_report(layout, agent, cid, seed, score, lower=cid.startswith("d"))
    for seed in range(2):
        for cid in LITE[:6]:
            _full_report(layout, "aide", cid, seed, rng.random() * 0.5 + 0.5, source="kaggle")
    _experiment(layout, "open-exp", "baseline", LITE[:12], [0, 1, 2])
    return layout


def test_html_page_is_self_contained_and_labelled(tmp_path: Path) -> None:
    from mle_pipeline.leaderboard.render import render

    layout = make_demo_store(tmp_path)
    data = build(layout.reports_root, vouched=None)
    page = render(data, "html")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    assert "<script" not in page and "<link" not in page and "@import" not in page
    # The only URL is the SVG namespace: nothing is fetched.
    urls = {u for u in re.findall(r"https?://[^\"' <)]+", page)}
    assert urls == {"http://www.w3.org/2000/svg"}
    assert "OFFLINE SAMPLE DATA" in page and "Kaggle (kaggle)" in page
    assert "open-exp" in page and "pending" in page
    assert "bronze threshold" in page and "median threshold" in page
    # Every output says which rows are sample data.
    paths = write_outputs(data, layout.leaderboard_dir)
    for ext in ("md", "json", "csv", "html", "competitions_csv"):
        assert "OFFLINE SAMPLE DATA" in paths[ext].read_text(), ext
    for ext in ("parquet", "competitions_parquet"):
        frame = pd.read_parquet(paths[ext])
        assert set(frame[frame.sample_data]["data"]) == {"OFFLINE SAMPLE DATA"}
        assert set(frame[~frame.sample_data]["data"]) == {"Kaggle (kaggle)"}


@pytest.mark.slow
def test_html_page_renders_in_headless_chromium(tmp_path_factory) -> None:
    from tests.browser import screenshot

    out = tmp_path_factory.mktemp("leaderboard-html")
    layout = make_demo_store(out / "data")
    paths = write_outputs(build(layout.reports_root, vouched=None), layout.leaderboard_dir)
    png = screenshot(paths["html"].as_uri(), out / "leaderboard.png", height=2400)
    print(f"\nleaderboard HTML: {paths['html']}\nscreenshot: {png}")
    assert png.stat().st_size > 20_000
