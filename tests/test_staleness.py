"""What `mle-pipeline run` redoes follows Dagster's code versions: an agent spec's."""

from __future__ import annotations

from pathlib import Path

from dagster import AssetKey, DagsterInstance

from mle_pipeline.agents.spec import SPECS_DIR, _load_all, get_agent
from mle_pipeline.cli import main
from mle_pipeline.version_tags import CODE_VERSION_TAG

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
