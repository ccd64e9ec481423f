"""An agent that cannot start is an infrastructure failure, never the agent's result.

The ``agent_run`` step fails with the reason, no report is written, and an earlier report
for the same seed stays as it was. The local sandbox keeps the interpreter, its virtual
environment and the project visible even when the Dagster instance holds them (the
README's ``DAGSTER_HOME=$PWD``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, instance_for_test, materialize

from mle_pipeline.agents import local_runner
from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.sandbox import folders_to_cover, unshare_flags
from mle_pipeline.agents.spec import AgentSpec
from mle_pipeline.assets.agent_runs import build_agent_run
from mle_pipeline.assets.grading import build_graded_report
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.prepared import prepared
from mle_pipeline.assets.raw import raw
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.orchestrate import root_cause

CID = "spaceship-titanic"
DUMMY = ("{python}", "-m", "mle_pipeline.agents.builtin.dummy")
needs_sandbox = pytest.mark.skipif(unshare_flags() is None, reason="no namespaces here")


def test_a_hidden_folder_holding_the_venv_is_covered_around_it(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    for name in (".venv/bin", "mle_pipeline", "history/runs", "storage", ".git"):
        (checkout / name).mkdir(parents=True)
    (checkout / "README.md").write_text("x")
    keep = [checkout / ".venv", checkout / "mle_pipeline"]
    covered = folders_to_cover([checkout, tmp_path / "data"], keep)
    assert covered == [checkout / n for n in (".git", "history", "storage")]
    assert folders_to_cover([checkout], []) == [checkout]
    assert folders_to_cover([checkout], [checkout]) == []


def _assets(spec: AgentSpec) -> list:
    return [raw, prepared, build_agent_run(spec), build_graded_report(spec.name)]


def _run(instance: DagsterInstance, settings: PipelineSettings, spec: AgentSpec):
    keys = [AssetKey([spec.name, "agent_run"]), AssetKey([spec.name, "graded_report"])]
    return materialize(
        _assets(spec),
        selection=keys,
        partition_key=run_key(CID, 0),
        instance=instance,
        resources={"settings": settings},
        raise_on_error=False,
    )


def _failure(result) -> str:
    failures = [e for e in result.all_events if e.is_step_failure]
    assert [e.step_key for e in failures] == [failures[0].step_key]
    assert failures[0].step_key.endswith("agent_run")
    return root_cause(failures[0].event_specific_data.error)


@pytest.fixture
def graded(tmp_path: Path):
    """A prepared competition and a good report for agent ``starter`` seed 0."""
    settings = PipelineSettings(runner="local", data_root=str(tmp_path / "data"))
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["0"])
        good = AgentSpec(name="starter", command=DUMMY)
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        assert materialize(
            _assets(good), selection=["raw", "prepared"], partition_key=CID, **kwargs
        )
        assert _run(instance, settings, good).success
        report = settings.layout.report_path("starter", CID, 0)
        yield instance, settings, report, report.read_bytes()


def _unchanged(instance: DagsterInstance, report: Path, before: bytes) -> None:
    assert report.read_bytes() == before
    assert json.loads(before)["valid_submission"] is True
    key = AssetKey(["starter", "graded_report"])
    assert len(instance.fetch_materializations(key, limit=10).records) == 1


def test_a_command_not_found_fails_the_step_and_keeps_the_report(graded) -> None:
    instance, settings, report, before = graded
    spec = AgentSpec(name="starter", command=("mle-no-such-command", "--go"))
    result = _run(instance, settings, spec)
    assert not result.success
    assert "'mle-no-such-command' not found" in _failure(result)
    _unchanged(instance, report, before)
    # The last attempt's workspace was not touched either.
    assert RunOutcome.load(settings.layout.run_dir("starter", CID, 0) / "run.json").exit_code == 0


@needs_sandbox
def test_a_command_hidden_by_the_sandbox_fails_the_step(graded, tmp_path: Path) -> None:
    # Found on the host, but it lives in the data root, which the sandbox covers: exit 127
    # from the sandbox's shell, before the agent ever ran.
    instance, settings, report, before = graded
    script = settings.layout.root / "tools" / "agent.sh"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\necho started > submission/submission.csv\n")
    script.chmod(0o755)
    result = _run(instance, settings, AgentSpec(name="starter", command=(str(script),)))
    assert not result.success
    reason = _failure(result)
    assert "never started" in reason and "command not found inside the sandbox" in reason
    assert "exit 127" in reason
    _unchanged(instance, report, before)
    assert not (settings.layout.run_dir("starter", CID, 0) / "run.json").exists()


@needs_sandbox
@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="not running in a virtualenv")
def test_agents_start_when_the_instance_folder_holds_the_venv(graded, monkeypatch) -> None:
    # DAGSTER_HOME=$PWD in a checkout with its .venv: the instance folder is hidden from
    # agents, but not the interpreter, the venv or the project's package inside it.
    instance, settings, report, _ = graded
    holder = Path(sys.prefix).parent
    monkeypatch.setattr(local_runner, "_instance_root", lambda context: [holder])
    result = _run(instance, settings, AgentSpec(name="starter", command=DUMMY))
    assert result.success
    outcome = RunOutcome.load(settings.layout.run_dir("starter", CID, 0) / "run.json")
    assert outcome.exit_code == 0 and outcome.submission_exists
    assert outcome.reported_metadata["sandbox"] == "namespaces"
    assert json.loads(report.read_text())["valid_submission"] is True


def test_a_missing_docker_image_fails_the_step_and_keeps_the_report(graded) -> None:
    docker = pytest.importorskip("docker")
    try:
        docker.from_env(timeout=10).ping()
    except docker.errors.DockerException as err:
        pytest.skip(f"no Docker engine answers ({err})")
    instance, local, report, before = graded
    settings = PipelineSettings(runner="docker", data_root=str(local.layout.root))
    spec = AgentSpec(name="starter", command=DUMMY, image="mle-pipeline/agent:no-such-tag")
    result = _run(instance, settings, spec)
    assert not result.success
    assert "'mle-pipeline/agent:no-such-tag'" in _failure(result)
    assert "is not on this machine" in _failure(result)
    _unchanged(instance, report, before)


def test_a_command_missing_from_the_image_fails_the_step(graded) -> None:
    # The container starts, but its init cannot exec the command (exit 127).
    docker = pytest.importorskip("docker")
    try:
        docker.from_env(timeout=10).images.get("mle-pipeline/agent:latest")
    except docker.errors.DockerException as err:
        pytest.skip(f"no engine or mle-pipeline/agent:latest not built ({err})")
    instance, local, report, before = graded
    settings = PipelineSettings(runner="docker", data_root=str(local.layout.root))
    spec = AgentSpec(
        name="starter", command=("mle-no-such-command",), image="mle-pipeline/agent:latest"
    )
    result = _run(instance, settings, spec)
    assert not result.success
    assert "exec mle-no-such-command failed" in _failure(result)
    _unchanged(instance, report, before)
    assert not (local.layout.run_dir("starter", CID, 0) / "run.json").exists()


def test_an_unreachable_docker_engine_fails_the_step(graded, monkeypatch) -> None:
    pytest.importorskip("docker")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    instance, local, report, before = graded
    settings = PipelineSettings(runner="docker", data_root=str(local.layout.root))
    spec = AgentSpec(name="starter", command=DUMMY, image="mle-pipeline/agent:latest")
    result = _run(instance, settings, spec)
    assert not result.success
    assert "no Docker engine answers" in _failure(result)
    _unchanged(instance, report, before)


def test_a_failing_grading_keeps_the_previous_report(graded) -> None:
    instance, settings, report, before = graded
    answers = settings.layout.private_dir(CID) / "test.csv"
    answers.rename(answers.with_suffix(".moved"))
    result = materialize(
        _assets(AgentSpec(name="starter", command=DUMMY)),
        selection=[AssetKey(["starter", "graded_report"])],
        partition_key=run_key(CID, 0),
        instance=instance,
        resources={"settings": settings},
        raise_on_error=False,
    )
    assert not result.success
    _unchanged(instance, report, before)
