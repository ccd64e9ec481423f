"""Reports the leaderboard vouches for: each way of cheating it, tried and refused."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from dagster import AssetMaterialization, DagsterInstance, materialize

from mle_pipeline.assets.leaderboard import build_leaderboard
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.cli import main
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import build
from mle_pipeline.leaderboard.vouch import graded_report_key, read_vouchers

CID = "spaceship-titanic"
OTHER = "spooky-author-identification"


def _edit(path: Path, **fields) -> None:
    """Change fields of a report (or write one with ``fields``)."""
    report = json.loads(path.read_text()) if path.exists() else {}
    report.update(fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report))


def test_leaderboard_counts_only_vouched_reports(env: Path, capsys) -> None:
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    layout = DataLayout(env)
    seed0, seed1 = (layout.report_path("dummy", CID, s) for s in (0, 1))
    assert json.loads(seed1.read_text())["any_medal"] is False
    planted, copies = (
        layout.report_path("dummy", CID, 5),
        [layout.report_path("dummy", CID, s) for s in (7, 8)],
    )
    misfiled = layout.report_path("dummy", OTHER, 1)
    _edit(seed0, any_medal=True, gold_medal=True)  # a medal flipped on after grading
    # A report for a seed that never ran, its contents consistent with its path.
    _edit(planted, **{**json.loads(seed1.read_text()), "seed": 5, "any_medal": True})
    for copy in copies:  # the good report copied, unchanged, under other seed numbers
        shutil.copy(seed1, copy)
    _edit(misfiled, **json.loads(seed1.read_text()))  # names another competition
    attacks = [seed0, planted, *copies, misfiled]
    capsys.readouterr()

    assert main(["leaderboard", "--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    dev = next(r for r in rows if r["split"] == "dev")
    # Only seed 1 counts: one seed, no medal.
    assert dev["n_seeds"] == 1 and dev["n_graded_max"] == 1 and dev["any_medal_pct_mean"] == 0
    for path in attacks:
        assert f"excluding report {path}" in captured.err
    assert str(seed1) not in captured.err
    assert "changed after grading" in captured.err and "never graded" in captured.err
    assert "filed under agent 'dummy', competition 'spooky" in captured.err

    assert main(["leaderboard", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "5 report file(s) excluded" in text and all(str(p) in text for p in attacks)

    # The nightly schedule's job (the leaderboard asset) applies the same rule.
    result = materialize(
        [build_leaderboard(["dummy"])],
        instance=DagsterInstance.get(),
        resources={"settings": PipelineSettings(data_root=str(env))},
    )
    metadata = result.asset_materializations_for_node("leaderboard")[0].metadata
    assert metadata["excluded_reports"].value == 5
    assert all(str(p) in metadata["excluded_files"].value for p in attacks)
    excluded = json.loads((layout.leaderboard_dir / "leaderboard_excluded.json").read_text())
    assert sorted(e["path"] for e in excluded["excluded"]) == sorted(map(str, attacks))
    page = (layout.leaderboard_dir / "leaderboard.html").read_text()
    assert "5 report file(s) excluded" in page and all(str(p) in page for p in attacks)

    # A later run regrades the edited report instead of trusting it as current.
    assert main(["run", "-c", CID, "--agent", "dummy", "--seeds", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("already graded") == 1
    assert json.loads(seed0.read_text())["any_medal"] is False


def _vouch(instance: DagsterInstance, agent: str, cid: str, seed: int, sha256: str) -> None:
    instance.report_runless_asset_event(
        AssetMaterialization(
            asset_key=graded_report_key(agent),
            partition=str(run_key(cid, seed)),
            tags={"dagster/data_version": sha256},
        )
    )


def _write(layout: DataLayout, agent: str, cid: str, seed: int, /, **fields) -> Path:
    path = layout.report_path(agent, cid, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"agent": agent, "competition_id": cid, "seed": seed, "data_source": "sample"}
    path.write_text(json.dumps({**report, "valid_submission": True, **fields}))
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_only_the_latest_record_vouches(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "data")
    instance = DagsterInstance.ephemeral()
    old = _write(layout, "a", CID, 0, any_medal=True)
    old_sha = _sha(old)
    _vouch(instance, "a", CID, 0, old_sha)
    _vouch(instance, "a", CID, 0, "0" * 64)  # regraded since: the old file no longer counts
    _vouch(instance, "b", CID, 3, "1" * 64)
    vouched = read_vouchers(instance, ["a", "b", "never-ran"])
    assert vouched == {("a", CID, 0): "0" * 64, ("b", CID, 3): "1" * 64}
    data = build(layout.reports_root, vouched=vouched)
    assert data.summary.empty and [e.path for e in data.excluded] == [str(old)]
    _vouch(instance, "a", CID, 0, old_sha)
    data = build(layout.reports_root, vouched=read_vouchers(instance, ["a"]))
    assert len(data.summary) and not data.excluded


def test_contents_must_agree_with_location_even_when_the_hash_is_recorded(
    tmp_path: Path,
) -> None:
    layout = DataLayout(tmp_path)
    cases = [
        _write(layout, "a", CID, 0, agent="b"),
        _write(layout, "a", CID, 1, competition_id=OTHER),
        _write(layout, "a", CID, 2, seed=0),
    ]
    odd = layout.reports_root / "a" / CID / "seed-03.json"  # not the name of seed 3
    odd.write_text(json.dumps({"agent": "a", "competition_id": CID, "seed": 3}))
    vouched = {("a", CID, s): _sha(p) for s, p in enumerate(cases)}
    vouched[("a", CID, 3)] = _sha(odd)
    data = build(layout.reports_root, vouched=vouched)
    assert data.summary.empty and len(data.excluded) == 4
    assert not data.skipped
    # Without vouching (a folder trusted as it is) the location rule still holds.
    assert len(build(layout.reports_root, vouched=None).excluded) == 4


def test_rows_are_labelled_by_setup_in_every_format(tmp_path: Path) -> None:
    from mle_pipeline.leaderboard.render import write_outputs

    layout = DataLayout(tmp_path)
    for seed, (description, variant) in enumerate(
        [
            ("summary", None),
            ("mlebench", None),
            ("mlebench", "lite-variant"),
            (None, None),
            ("summary", "mlebench"),  # MLE-bench's preparation by its other name: one setup
        ]
    ):
        fields = {"description": description} if description else {}
        if variant:
            fields["preparation_variant"] = variant
        _write(layout, "a", CID, seed, any_medal=seed == 1, **fields)
    data = build(layout.reports_root, vouched=None)
    dev = data.summary.query("split == 'dev'")
    assert sorted(dev.setup) == [
        "task text: mlebench",
        "task text: mlebench; preparation: lite-variant",
        "task text: summary",
        "task text: unrecorded",
    ]
    # Never averaged: each row has its own seeds, and only one has the medal.
    assert sorted(dev.n_seeds) == [1, 1, 1, 2]
    assert sorted(dev.any_medal_pct_mean > 0) == [False, False, False, True]
    assert sorted(data.competitions.setup) == sorted(dev.setup)
    paths = write_outputs(data, layout.leaderboard_dir)
    for ext in ("md", "json", "csv", "html"):
        text = paths[ext].read_text()
        assert "preparation: lite-variant" in text and "task text: unrecorded" in text, ext
    import pandas as pd

    assert "task text: summary" in set(pd.read_parquet(paths["parquet"]).setup)


@pytest.mark.parametrize(
    "content, reason",
    [
        ({"competition_id": "../../../escaped"}, "not in the registry"),
        ({"competition_id": "/tmp/absolute"}, "not in the registry"),
        ({"competition_id": "no-such-competition"}, "not in the registry"),
        ({"score": "NaN"}, "not a JSON value"),
        ({"score": "Infinity"}, "not a JSON value"),
        ({"score": "-Infinity"}, "not a JSON value"),
        ({"score": 1e300}, "not finite or beyond"),
        ({"score": "0.9"}, "is not a number"),
        ({"score": True}, "is not a number"),
        ({"extra": "deep"}, "nested more than"),
        ({"extra": "recursion"}, "nested too deeply"),
    ],
)
def test_import_refuses_hostile_reports(env: Path, tmp_path: Path, capsys, content, reason):
    report = {
        "competition_id": CID,
        "score": 0.5,
        **{k: False for k in ("gold_medal", "silver_medal", "bronze_medal", "above_median")},
        "any_medal": False,
        "submission_exists": True,
        "valid_submission": True,
    }
    report.update(content)
    literal = {"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}
    text = json.dumps({"competition_reports": [report]})
    if report["score"] in literal:
        text = text.replace(f'"{report["score"]}"', literal[report["score"]])
    if content.get("extra") == "deep":
        text = text.replace('"deep"', "[" * 40 + "]" * 40)
    if content.get("extra") == "recursion":
        text = text.replace('"recursion"', "[" * 200_000 + "]" * 200_000)
    path = tmp_path / "grading_report.json"
    path.write_text(text)
    assert main(["import-reports", str(path), "--agent", "aide"]) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1 and len(err) < 400
    assert not (env / "reports").exists()
    assert not (tmp_path / "escaped").exists() and not Path("/tmp/absolute").exists()


def test_imported_medals_are_recomputed_and_vouched(env: Path, tmp_path: Path, capsys) -> None:
    claims = {k: True for k in ("any_medal", "gold_medal", "above_median")}
    reports = [
        # Claims gold with a score below the median (spaceship-titanic: accuracy).
        {"competition_id": CID, "score": 0.5, **claims, "silver_medal": False},
        # Claims nothing with a gold score.
        {"competition_id": OTHER, "score": 0.1, "any_medal": False, "gold_medal": False},
    ]
    for r in reports:
        r.update(submission_exists=True, valid_submission=True, gold_threshold=0.0)
        r.setdefault("silver_medal", False)
        r.setdefault("above_median", False)
        r["bronze_medal"] = False
    path = tmp_path / "grading_report.json"
    path.write_text(json.dumps({"competition_reports": reports}))
    args = ["import-reports", str(path), "--agent", "aide", "--description", "mlebench"]
    assert main(args) == 0
    assert "2 report(s) claimed medals" in capsys.readouterr().err
    layout = DataLayout(env)
    forged = json.loads(layout.report_path("aide", CID, 0).read_text())
    assert not forged["any_medal"] and not forged["gold_medal"] and not forged["above_median"]
    assert forged["gold_threshold"] == 0.82066 and forged["extra"]["imported_claims"]["gold_medal"]
    earned = json.loads(layout.report_path("aide", OTHER, 0).read_text())
    assert earned["gold_medal"] and earned["any_medal"]

    # Recorded as materializations labelled imported, which the leaderboard trusts ...
    instance = DagsterInstance.get()
    record = instance.fetch_materializations(graded_report_key("aide"), limit=2).records
    assert {r.asset_materialization.metadata["imported"].value for r in record} == {True}
    assert main(["leaderboard", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    low = next(r for r in rows if r["agent"] == "aide" and r["split"] == "low")
    assert low["any_medal_pct_mean"] == pytest.approx(100 / 22)
    assert low["setup"] == "task text: mlebench" and forged["description"] == "mlebench"
    # ... as long as the files are the ones imported.
    _edit(layout.report_path("aide", CID, 0), any_medal=True, gold_medal=True)
    assert main(["leaderboard", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert f"excluding report {layout.report_path('aide', CID, 0)}" in captured.err
