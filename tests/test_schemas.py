"""Agent specs and competition configs are validated by declared, strict schemas.

Strings for booleans, unknown keys and wrong types are errors naming the file and the key,
and the CLI reports them as such instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mle_pipeline.agents.spec import AgentSpecError, load_spec
from mle_pipeline.cli import main
from mle_pipeline.registry.competitions import (
    COMPETITIONS_DIR,
    CompetitionConfigError,
    _load_config,
)

GOOD_SPEC = {
    "name": "mine",
    "command": ["{python}", "-m", "my_agent"],
    "image": "mle-pipeline/agent:latest",
    "time_limit_seconds": 60,
    "env": {"A": "1"},
    "secrets": [],
    "resources": {"cpus": 1, "memory_gb": 2, "gpus": 0, "shm_gb": 1},
    "network": False,
}


def _spec_file(folder: Path, **changes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(yaml.safe_dump({**GOOD_SPEC, **changes}))
    return path


def test_a_good_spec_loads(tmp_path: Path) -> None:
    spec = load_spec(_spec_file(tmp_path))
    assert spec.command == ("{python}", "-m", "my_agent") and spec.network is False
    assert spec.resources.memory_gb == 2 and spec.env == {"A": "1"}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"network": "false"}, "'network'"),  # once turned the network ON
        ({"network": "no"}, "'network'"),
        ({"resources": {"cpus": 1, "ram": 4}}, "unknown key 'resources.ram'"),
        ({"resources": {"cpus": "two"}}, "'resources.cpus'"),
        ({"resources": {"gpus": -1}}, "'resources.gpus'"),
        ({"time_limit_seconds": "600"}, "'time_limit_seconds'"),
        ({"env": {"A": 1}}, "'env.A'"),
        ({"command": "python -m x"}, "'command'"),
        ({"command": []}, "'command'"),
        ({"netwrok": False}, "unknown key 'netwrok'"),
        ({"source": "/etc"}, "unknown key 'source'"),
    ],
)
def test_bad_specs_name_the_file_and_the_key(tmp_path: Path, changes: dict, words: str) -> None:
    path = _spec_file(tmp_path, **changes)
    with pytest.raises(AgentSpecError, match=words) as caught:
        load_spec(path)
    assert str(path) in str(caught.value)


def test_not_a_mapping_and_special_files_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(AgentSpecError, match="expected a mapping"):
        load_spec(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(AgentSpecError, match="folder"):
        load_spec(path)


def test_the_cli_reports_a_bad_spec_without_a_traceback(
    tmp_path: Path, monkeypatch, env, capsys
) -> None:
    folder = tmp_path / "agents"
    _spec_file(folder, resources={"cpus": 1, "ram_gb": 4})
    monkeypatch.setenv("MLE_PIPELINE_AGENTS", str(folder))
    code = main(["run", "-c", "spaceship-titanic", "--agent", "mine", "--seeds", "1"])
    err = capsys.readouterr().err
    assert code != 0
    assert "mine.yaml" in err and "unknown key 'resources.ram_gb'" in err
    assert "Traceback" not in err


def _config(tmp_path: Path, **changes) -> Path:
    cid = "spaceship-titanic"
    raw = yaml.safe_load((COMPETITIONS_DIR / cid / "config.yaml").read_text())
    folder = tmp_path / cid
    folder.mkdir(exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump({**raw, **changes}))
    return path


def test_every_registered_config_passes_its_schema() -> None:
    configs = sorted(COMPETITIONS_DIR.glob("*/config.yaml"))
    assert len(configs) >= 75
    for path in configs:
        assert _load_config(path).id == path.parent.name


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"lower_is_better": "false"}, "'lower_is_better'"),
        ({"implemented": "yes"}, "'implemented'"),
        ({"dataset_size_gb": "3"}, "'dataset_size_gb'"),
        ({"known_issues": "one string"}, "'known_issues'"),
        ({"options": {"leak_free": [1]}}, "'options.leak_free"),
        ({"metrc": "auc"}, "unknown key 'metrc'"),
        ({"split": "easy"}, "split must be one of"),
    ],
)
def test_bad_competition_configs_name_the_file_and_key(
    tmp_path: Path, changes: dict, words: str
) -> None:
    path = _config(tmp_path, **changes)
    with pytest.raises(CompetitionConfigError, match=words) as caught:
        _load_config(path)
    assert str(path) in str(caught.value)
