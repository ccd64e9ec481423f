"""The same task text as MLE-bench: an MLE-bench checkout's descriptions, recorded per run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from dagster import DagsterInstance

from mle_pipeline.agents.task_text import choose_task_text
from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.cli import main
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.vouch import graded_report_key

CID = "spaceship-titanic"
FULL = "# Spaceship Titanic\n\nKaggle's own words (a stand-in for the real text).\n"
OBFUSCATED = "# A classification task\n\nThe same words, names removed.\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A fake MLE-bench checkout with one competition's two descriptions."""
    folder = tmp_path / "mle-bench" / "mlebench" / "competitions" / CID
    folder.mkdir(parents=True)
    (folder / "description.md").write_text(FULL)
    (folder / "description_obfuscated.md").write_text(OBFUSCATED)
    return tmp_path / "mle-bench"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_runs_get_and_record_the_checkouts_description(env: Path, checkout: Path, capsys):
    layout = DataLayout(env)
    assert main(["run", "-c", CID, "--agent", "dummy"]) == 0
    run = json.loads((layout.run_dir("dummy", CID, 0) / "run.json").read_text())
    summary = (layout.public_dir(CID) / "description.md").read_text()
    assert run["description"] == "summary" and run["description_sha256"] == _sha(summary)

    # With the checkout the run is not current any more: it is run again with Kaggle's text.
    assert main(["run", "-c", CID, "--agent", "dummy", "--mlebench", str(checkout)]) == 0
    assert "already graded" not in capsys.readouterr().out
    data = layout.run_dir("dummy", CID, 0) / "home" / "data"
    assert (data / "description.md").read_text() == FULL
    assert (layout.public_dir(CID) / "description.md").read_text() == summary  # not written through
    run = json.loads((layout.run_dir("dummy", CID, 0) / "run.json").read_text())
    report = json.loads(layout.report_path("dummy", CID, 0).read_text())
    for record in (run, report):
        assert record["description"] == "mlebench" and record["description_sha256"] == _sha(FULL)
    instance = DagsterInstance.get()
    for key in (agent_run_key("dummy"), graded_report_key("dummy")):
        metadata = instance.fetch_materializations(key, limit=1).records[0]
        assert metadata.asset_materialization.metadata["description"].value == "mlebench"

    # The same setting again: current. The obfuscated variant: run again, recorded as such.
    assert main(["run", "-c", CID, "--agent", "dummy", "--mlebench", str(checkout)]) == 0
    assert "already graded" in capsys.readouterr().out
    args = ["run", "-c", CID, "--agent", "dummy", "--description", "obfuscated"]
    assert main([*args, "--mlebench", str(checkout)]) == 0
    assert (data / "description.md").read_text() == OBFUSCATED
    report = json.loads(layout.report_path("dummy", CID, 0).read_text())
    assert report["description"] == "mlebench-obfuscated"
    assert main(["leaderboard", "--format", "csv"]) == 0
    assert "task text: mlebench-obfuscated" in capsys.readouterr().out


def test_a_checkout_without_the_description_fails_the_run(env: Path, tmp_path: Path, capsys):
    empty = tmp_path / "not-mle-bench"
    empty.mkdir()
    assert main(["run", "-c", CID, "--agent", "dummy", "--mlebench", str(empty)]) == 1
    err = capsys.readouterr().err
    assert f"mlebench/competitions/{CID}/description.md" in err
    assert not DataLayout(env).report_path("dummy", CID, 0).exists()


def test_choose_task_text(tmp_path: Path, checkout: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "description.md").write_text("summary")
    assert choose_task_text(CID, public, None).kind == "summary"
    flat = tmp_path / "flat"  # a folder of <id>/description.md works too
    (flat / CID).mkdir(parents=True)
    (flat / CID / "description.md").write_text(FULL)
    assert choose_task_text(CID, public, flat).sha256 == _sha(FULL)
    text = choose_task_text(CID, public, checkout, "obfuscated")
    assert text.kind == "mlebench-obfuscated" and text.content == OBFUSCATED.encode()
    with pytest.raises(ValueError, match="checkout"):
        choose_task_text(CID, public, None, "obfuscated")
    with pytest.raises(ValueError, match="unknown description variant"):
        choose_task_text(CID, public, checkout, "short")
