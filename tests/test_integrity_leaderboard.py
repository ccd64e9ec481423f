"""Flagged runs on the leaderboard: counted and listed per agent and split, marked in the
HTML, and left without their medals by --exclude-flagged (CLI and asset)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from mle_pipeline.agents.spec import AGENTS_ENV
from mle_pipeline.cli import main
from mle_pipeline.integrity.verdict import Verdict
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.aggregate import build
from mle_pipeline.leaderboard.render import to_html, to_markdown, write_outputs
from mle_pipeline.registry import load_split
from tests.test_leaderboard import _report

LITE = load_split("lite")


def test_flagged_runs_are_counted_listed_and_excludable(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    for cid in LITE[:3]:
        _report(layout, "a", cid, 0, medal=True)
    _report(layout, "b", LITE[0], 0, medal=True)
    flagged = Verdict("plagiarism", "flagged", "code/x.py is 97% similar to alice/nb")
    flagged.save(layout.run_dir("a", LITE[0], 0))
    Verdict("rule_violations", "not run", "no endpoint").save(layout.run_dir("a", LITE[1], 0))

    data = build(layout.reports_root, vouched=None)
    low = data.summary.set_index(["agent", "split"])
    assert low.loc[("a", "low"), "n_flagged"] == 1 and low.loc[("b", "low"), "n_flagged"] == 0
    assert low.loc[("a", "low"), "any_medal_pct_mean"] == pytest.approx(300 / 22)
    [run] = data.flagged.to_dict("records")
    assert (run["agent"], run["competition_id"], run["seed"]) == ("a", LITE[0], 0)
    assert "low" in run["splits"].split() and "all" in run["splits"].split()
    assert run["flag_reasons"] == "plagiarism: code/x.py is 97% similar to alice/nb"
    text = to_markdown(data)
    assert "⚑ 1" in text and "1 run(s) flagged by integrity checks (a 1)" in text
    assert f"a {LITE[0]} seed 0 [low all] (had a medal): plagiarism" in text
    page = to_html(data)
    assert 'class="sample flagged"' in page and "⚑ 1" in page

    cleaned = build(layout.reports_root, vouched=None, exclude_flagged=True)
    row = cleaned.summary.set_index(["agent", "split"]).loc[("a", "low")]
    assert row.any_medal_pct_mean == pytest.approx(200 / 22)
    assert row.valid_submission_pct_mean == pytest.approx(300 / 22)  # still a graded run
    assert "their medals are not counted" in to_markdown(cleaned)
    paths = write_outputs(cleaned, layout.leaderboard_dir)
    saved = json.loads(paths["flagged"].read_text())
    assert saved["exclude_flagged"] is True and saved["flagged_runs"][0]["seed"] == 0


SNOOPER = textwrap.dedent(
    """
    import os, shutil
    try:
        open("/etc/../" + os.environ["PROBE"]).read()
    except OSError:
        pass
    data = os.environ["DATA_DIR"]
    shutil.copy(os.path.join(data, "sample_submission.csv"),
                os.path.join(os.environ["SUBMISSION_DIR"], "submission.csv"))
    """
)


def test_cli_and_asset_show_a_flagged_run(env: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    probe = env / "spaceship-titanic" / "prepared" / "private" / "test.csv"
    spec = {"name": "snooper", "command": ["{python}", "-c", SNOOPER], "env": {"PROBE": str(probe)}}
    (specs / "snooper.yaml").write_text(yaml.safe_dump(spec))
    monkeypatch.setenv(AGENTS_ENV, str(specs))
    assert main(["run", "-c", "spaceship-titanic", "--agent", "snooper", "--seeds", "1"]) == 0
    ran = capsys.readouterr().out
    assert "FLAGGED by integrity_signals: read 1 path(s) outside its workspace" in ran
    assert main(["leaderboard", "--exclude-flagged"]) == 0
    out = capsys.readouterr().out
    assert "1 run(s) flagged by integrity checks (snooper 1)" in out
    assert "integrity_signals: read 1 path(s) outside its workspace" in out
    assert "their medals are not counted" in out

    from dagster import DagsterInstance, materialize

    from mle_pipeline.assets.resources import settings_from_env
    from mle_pipeline.definitions import build_assets

    with DagsterInstance.get() as instance:
        result = materialize(
            build_assets(["snooper"]),
            selection=["leaderboard"],
            instance=instance,
            resources={"settings": settings_from_env()},
            run_config={"ops": {"leaderboard": {"config": {"exclude_flagged": True}}}},
        )
    assert result.success
    [mat] = result.asset_materializations_for_node("leaderboard")
    assert mat.metadata["exclude_flagged"].value is True
    assert mat.metadata["flagged_runs"].value == 1


def test_a_new_verdict_replaces_the_checks_previous_one(tmp_path: Path) -> None:
    from mle_pipeline.integrity.verdict import load_verdicts

    Verdict("plagiarism", "flagged", "copied").save(tmp_path)
    Verdict("plagiarism", "passed", "rewritten").save(tmp_path)
    Verdict("rule_violations", "not run", "no endpoint").save(tmp_path)
    names = sorted(p.name for p in (tmp_path / "integrity").iterdir())
    assert names == ["plagiarism.passed.json", "rule_violations.not_run.json"]
    assert [v.summary for v in load_verdicts(tmp_path)] == ["rewritten", "no endpoint"]
