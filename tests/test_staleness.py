"""What `mle-pipeline run` redoes follows Dagster's code and data versions: an agent
spec's code version, each competition's prepare and grade code (observed data versions)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from dagster import AssetKey, AssetRecordsFilter, DagsterInstance

from mle_pipeline.agents.spec import SPECS_DIR, _load_all, get_agent
from mle_pipeline.backfill import graphql
from mle_pipeline.cli import main
from mle_pipeline.registry import code_versions, get_competition
from mle_pipeline.version_tags import CODE_VERSION_TAG

from .browser import dagster_webserver

CID = "spaceship-titanic"


def _code_version(agent: str) -> str:
    with DagsterInstance.get() as instance:
        (partition,) = instance.get_materialized_partitions(AssetKey([agent, "agent_run"]))
        record = instance.fetch_materializations(AssetKey([agent, "agent_run"]), limit=1)
    assert partition == f"{CID}|0"
    return record.records[0].event_log_entry.asset_materialization.tags[CODE_VERSION_TAG]


def test_changed_agent_spec_redoes_only_its_runs(env: Path, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "agents"
    folder.mkdir()
    spec = folder / "mine.yaml"
    spec.write_text((SPECS_DIR / "dummy.yaml").read_text().replace("name: dummy", "name: mine"))
    monkeypatch.setenv("MLE_PIPELINE_AGENTS", str(folder))
    _load_all.cache_clear()
    argv = ["run", "-c", CID, "--agent", "mine", "--agent", "dummy"]
    assert main(argv) == 0
    assert "4 materialized, 0 already current" in capsys.readouterr().out
    assert (
        _code_version("mine") == get_agent("mine").code_version != get_agent("dummy").code_version
    )

    assert main(argv) == 0  # nothing changed: only the leaderboard is rebuilt
    assert "1 materialized, 3 already current" in capsys.readouterr().out

    spec.write_text(spec.read_text() + "# a comment changes nothing\n")
    _load_all.cache_clear()
    assert main(argv) == 0
    assert "1 materialized, 3 already current" in capsys.readouterr().out

    spec.write_text(spec.read_text().replace("time_limit_seconds: 600", "time_limit_seconds: 500"))
    _load_all.cache_clear()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "2 materialized, 2 already current" in out  # mine's run (and report), leaderboard
    assert "skip  dummy" in out or out.count("already graded") == 1, out
    assert _code_version("mine") == get_agent("mine").code_version


def _materializations(key: AssetKey, partition: str) -> int:
    with DagsterInstance.get() as instance:
        return len(
            instance.fetch_materializations(
                AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=100
            ).records
        )


def test_changed_competition_code_redoes_only_what_it_makes_stale(
    env: Path, tmp_path, monkeypatch, capsys
):
    """Each competition's prepare and grade code are Dagster data versions (prepare_code,
    grade_code): a grader change regrades only its competition's reports, without running
    the agent again; a prepare change prepares that competition again."""
    other = "spooky-author-identification"
    copy = tmp_path / "code" / CID
    shutil.copytree(get_competition(CID).folder, copy)
    real = code_versions.code_folder
    monkeypatch.setattr(code_versions, "code_folder", lambda c: copy if c.id == CID else real(c))
    argv = ["run", "-c", CID, "-c", other]
    report, run = f"{CID}|0", AssetKey(["dummy", "agent_run"])
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "5 materialized, 0 already current" in out
    first_experiment = out.split("experiment ", 1)[1].split()[0]

    assert main(argv) == 0  # nothing changed: only the leaderboard is rebuilt
    assert "1 materialized, 4 already current" in capsys.readouterr().out

    grader = copy / "grade.py"
    grader.write_text(grader.read_text() + "# a comment changes nothing\n")
    assert main(argv) == 0
    assert "1 materialized, 4 already current" in capsys.readouterr().out

    grader.write_text(grader.read_text() + "ROUNDING = None\n")
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "2 materialized, 3 already current" in out, out  # CID's report, leaderboard
    assert f"dummy on {CID} seed 0 (regrade)" in out
    assert _materializations(run, report) == 1  # the agent did not run again
    assert _materializations(AssetKey(["dummy", "graded_report"]), report) == 2
    assert _materializations(AssetKey(["dummy", "graded_report"]), f"{other}|0") == 1
    regraded = json.loads((env / "reports" / "dummy" / CID / "seed-0.json").read_text())
    assert regraded["experiment"] == first_experiment  # still its agent run's experiment

    preparer = copy / "prepare.py"
    preparer.write_text(preparer.read_text() + "UNUSED = 1\n")
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"ok    [1/2] prepare {CID}" in out and f"skip  [2/2] prepare {other}" in out, out
    assert _materializations(AssetKey("prepared"), CID) == 2
    # The same files came out (same data version): nothing downstream is stale.
    assert "2 materialized, 3 already current" in out, out  # prepared, leaderboard
    assert main(argv) == 0
    assert "1 materialized, 4 already current" in capsys.readouterr().out


STALE = """
query Stale($partitions: [String!]) {
  assetNodeOrError(assetKey: {path: ["dummy", "graded_report"]}) {
    ... on AssetNode {
      staleStatusByPartition(partitions: $partitions)
      staleCausesByPartition(partitions: $partitions) {
        key { path }
        partitionKey
        reason
      }
    }
  }
}
"""


@pytest.mark.slow
def test_changed_grader_shows_only_its_reports_stale_in_the_ui(
    env: Path, tmp_path, monkeypatch, capsys
):
    other = "spooky-author-identification"
    copy = tmp_path / "code" / CID
    shutil.copytree(get_competition(CID).folder, copy)
    real = code_versions.code_folder
    monkeypatch.setattr(code_versions, "code_folder", lambda c: copy if c.id == CID else real(c))
    assert main(["run", "-c", CID, "-c", other]) == 0
    (copy / "grade.py").write_text((copy / "grade.py").read_text() + "ROUNDING = None\n")
    assert main(["prepare", "-c", CID, "-c", other]) == 0  # observes the code, grades nothing
    capsys.readouterr()
    home = Path(os.environ["DAGSTER_HOME"])
    with dagster_webserver(home, {"MLE_PIPELINE_DATA": str(env)}) as (base, _):
        node = graphql(base, STALE, {"partitions": [f"{CID}|0", f"{other}|0"]})["assetNodeOrError"]
    assert node["staleStatusByPartition"] == ["STALE", "FRESH"], node
    (causes, none) = node["staleCausesByPartition"]
    assert none == []
    # The root cause, as the UI lists it: this competition's grader has a new version.
    assert causes == [
        {"key": {"path": ["grade_code"]}, "partitionKey": CID, "reason": "has a new data version"}
    ], causes
