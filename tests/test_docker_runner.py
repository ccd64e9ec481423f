"""Agents in containers, through Dagster: the dummy agent, and agents that misbehave.

Needs a Docker engine (skipped with the reason when none answers) and the agent image
(skipped, saying how to build it, when it is not built: `bash containers/build.sh`; CI
builds it first and sets MLE_PIPELINE_TEST_DOCKER=required, so there they really run).
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, instance_for_test, materialize
from dagster._core.errors import DagsterExecutionInterruptedError

from mle_pipeline.agents.docker_runner import LABEL, DockerRunner, DockerUnavailableError
from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.spec import AGENTS_ENV, AgentSpec
from mle_pipeline.agents.validation import serving_validation
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets
from mle_pipeline.layout import DataLayout

pytestmark = pytest.mark.docker

CID = "spaceship-titanic"
IMAGE = "mle-pipeline/agent:latest"
REQUIRED_ENV = "MLE_PIPELINE_TEST_DOCKER"
SECRET = "s3cr3t-value-never-logged"

PROBE = textwrap.dedent(
    """
    import json, os, socket, subprocess, sys
    out = {"in_container": os.path.exists("/.dockerenv"), "env": sorted(os.environ)}
    out["interfaces"] = sorted(os.listdir("/sys/class/net"))
    out["secret_length"] = len(os.environ.get("MLE_TEST_SECRET", ""))
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=3).close()
        out["internet"] = True
    except OSError:
        out["internet"] = False
    out["host_paths_visible"] = [
        p for p in (os.environ["HOST_ANSWERS"], os.environ["HOST_ROOT"]) if os.path.exists(p)
    ]
    out["private_dirs"] = []
    for root, dirs, files in os.walk("/"):
        if root in ("/proc", "/sys", "/dev"):
            dirs[:] = []
        elif {"private", "prepared", "runs"} & set(root.split("/")):
            out["private_dirs"].append(root)
    try:
        open("/home/data/planted.csv", "w").close()
        out["data_writable"] = True
    except OSError:
        out["data_writable"] = False
    sample = "/home/data/sample_submission.csv"
    check = [sys.executable, "-m", "mle_pipeline.agents.validation", sample]
    out["validation"] = subprocess.run(check, capture_output=True, text=True).stdout
    script = ["sh", "/home/validate_submission.sh", sample]
    out["validation_sh"] = subprocess.run(script, capture_output=True, text=True).stdout
    with open("/home/submission/probe.json", "w") as handle:
        json.dump(out, handle)
    """
)

TEST_AGENTS = {
    "sleeper": {
        "command": ["{python}", "-c", "import time; print('sleeping', flush=True); time.sleep(99)"],
        "time_limit_seconds": 2,
    },
    "crasher": {
        "command": ["{python}", "-c", "import sys; sys.exit('about to fail') if True else None"],
    },
    "prober": {"command": ["{python}", "-c", PROBE], "time_limit_seconds": 60},
}


def _engine():
    try:
        import docker

        client = docker.from_env(timeout=15)
        client.ping()
        return client, None
    except Exception as err:  # noqa: BLE001 - any failure means: no engine here
        return None, err


@pytest.fixture(scope="module")
def engine():
    client, err = _engine()
    if client is None:
        pytest.skip(f"no Docker engine answers ({err}); `bash containers/build.sh` starts one")
    return client


def require_image(client, image: str) -> None:
    """Skip, saying how to run these tests, when ``image`` is not built; CI, which builds it
    first, sets MLE_PIPELINE_TEST_DOCKER=required so that a missing image fails there."""
    import docker.errors

    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        message = (
            f"{image} is not built here: run `bash containers/build.sh` (offline), then pytest"
        )
        if os.environ.get(REQUIRED_ENV) == "required":
            pytest.fail(f"{REQUIRED_ENV}=required but {message}")
        pytest.skip(message)


@pytest.fixture(scope="module")
def client(engine):
    require_image(engine, IMAGE)
    return engine


def test_an_image_that_is_not_built_skips_with_how_to_build_it(engine, monkeypatch) -> None:
    monkeypatch.delenv(REQUIRED_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"`bash containers/build.sh` \(offline\)"):
        require_image(engine, "mle-pipeline/agent:no-such-tag")
    monkeypatch.setenv(REQUIRED_ENV, "required")
    with pytest.raises(pytest.fail.Exception, match="no-such-tag is not built"):
        require_image(engine, "mle-pipeline/agent:no-such-tag")


def write_specs(folder: Path, agents: dict[str, dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, fields in agents.items():
        spec = {"name": name, "image": IMAGE, "resources": {"cpus": 1, "memory_gb": 1}, **fields}
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(spec))
    return folder


@pytest.fixture(scope="module")
def runs(client, tmp_path_factory: pytest.TempPathFactory):
    """The dummy agent and three misbehaving ones, run once through Dagster in containers."""
    tmp = tmp_path_factory.mktemp("docker")
    settings = PipelineSettings(runner="docker", data_root=str(tmp / "data"))
    layout = settings.layout
    agents = ["dummy", *TEST_AGENTS]
    # The prober is told where the answers and the data root are on the host, and tries them.
    prober_env = {"HOST_ANSWERS": str(layout.private_dir(CID) / "test.csv"), "HOST_ROOT": str(tmp)}
    prober = {**TEST_AGENTS["prober"], "env": prober_env, "secrets": ["MLE_TEST_SECRET"]}
    specs = {**TEST_AGENTS, "prober": prober}
    with pytest.MonkeyPatch.context() as patch, instance_for_test() as instance:
        patch.setenv("MLE_TEST_SECRET", SECRET)
        patch.setenv(AGENTS_ENV, str(write_specs(tmp / "specs", specs)))
        original = DockerRunner.run

        def with_validation(self, context, spec, workspace, *, time_limit, extra_env):
            # How the run wires validation: a server per run, its socket mounted in.
            with serving_validation(CID, layout) as endpoint:
                return original(
                    self,
                    context,
                    spec,
                    workspace,
                    time_limit=time_limit,
                    extra_env={**extra_env, **endpoint.env()},
                )

        patch.setattr(DockerRunner, "run", with_validation)
        assets = build_assets(agents)
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        prepared = materialize(assets, selection=["raw", "prepared"], partition_key=CID, **kwargs)
        assert prepared.success
        result = materialize(
            assets,
            selection=[AssetKey([a, "agent_run"]) for a in agents],
            partition_key=run_key(CID, 0),
            **kwargs,
        )
        assert result.success
        messages = [e.user_message for e in instance.all_logs(result.run_id)]
    outcomes = {a: RunOutcome.load(layout.run_dir(a, CID, 0) / "run.json") for a in agents}
    return layout, outcomes, messages


def _leftovers(client, layout: DataLayout, agent: str) -> list:
    run_dir = layout.run_dir(agent, CID, 0)
    return client.containers.list(all=True, filters={"label": f"{LABEL}={run_dir}"})


def test_dummy_agent_runs_in_a_container_and_is_removed(runs, client) -> None:
    layout, outcomes, _ = runs
    dummy = outcomes["dummy"]
    assert (dummy.runner, dummy.exit_code, dummy.timed_out) == ("docker", 0, False)
    assert dummy.submission_exists
    submission = layout.run_dir("dummy", CID, 0) / "home" / "submission" / "submission.csv"
    sample = layout.public_dir(CID) / "sample_submission.csv"
    assert submission.read_bytes() == sample.read_bytes()
    # Its Pipes message crossed the container boundary into the run's outcome.
    assert dummy.reported_metadata["strategy"] == "sample submission"
    assert dummy.reported_metadata["validation"]["valid"] is True
    assert (
        "dummy agent: copied sample_submission.csv"
        in (layout.run_dir("dummy", CID, 0) / "agent.log").read_text()
    )
    assert _leftovers(client, layout, "dummy") == []


def test_agent_past_its_limit_is_stopped_and_removed(runs, client) -> None:
    layout, outcomes, _ = runs
    sleeper = outcomes["sleeper"]
    assert sleeper.timed_out and sleeper.kill_reason == "time limit of 2 s reached"
    assert sleeper.exit_code != 0 and not sleeper.submission_exists
    assert sleeper.wall_seconds < 2 + 10
    assert "sleeping" in (layout.run_dir("sleeper", CID, 0) / "agent.log").read_text()
    assert _leftovers(client, layout, "sleeper") == []


def test_failing_agent_exit_code_is_recorded(runs, client) -> None:
    layout, outcomes, _ = runs
    crasher = outcomes["crasher"]
    assert (crasher.exit_code, crasher.timed_out, crasher.kill_reason) == (1, False, None)
    assert "about to fail" in (layout.run_dir("crasher", CID, 0) / "agent.log").read_text()
    assert _leftovers(client, layout, "crasher") == []


def test_agent_cannot_reach_answers_network_or_host(runs, client) -> None:
    layout, outcomes, messages = runs
    assert outcomes["prober"].exit_code == 0, outcomes["prober"]
    probe = json.loads(
        (layout.run_dir("prober", CID, 0) / "home" / "submission" / "probe.json").read_text()
    )
    assert probe["in_container"]
    assert probe["interfaces"] == ["lo"] and probe["internet"] is False
    assert probe["host_paths_visible"] == [] and probe["private_dirs"] == []
    assert probe["data_writable"] is False
    assert "DAGSTER_HOME" not in probe["env"] and "MLE_PIPELINE_DATA" not in probe["env"]
    assert {"DATA_DIR", "SUBMISSION_DIR", "LOGS_DIR", "CODE_DIR"} <= set(probe["env"])
    # its declared secret arrives, and its value appears in no Dagster log message
    assert probe["secret_length"] == len(SECRET)
    assert not any(SECRET in m for m in messages)
    assert any("MLE_TEST_SECRET" in m and "values not logged" in m for m in messages)
    # ...but the run's validation server answers through its socket, without a score.
    for answer in (probe["validation"], probe["validation_sh"]):
        assert json.loads(answer) == {"valid": True, "reason": "submission is valid"}
    assert _leftovers(client, layout, "prober") == []


def test_cancelled_run_removes_its_container(client, tmp_path: Path, monkeypatch) -> None:
    """A Dagster run cancellation arrives as DagsterExecutionInterruptedError mid-wait."""
    monkeypatch.setenv(AGENTS_ENV, str(write_specs(tmp_path / "specs", TEST_AGENTS)))
    settings = PipelineSettings(runner="docker", data_root=str(tmp_path / "data"))
    calls = []

    def interrupted(self) -> None:
        calls.append(1)
        if len(calls) > 2:
            raise DagsterExecutionInterruptedError()

    monkeypatch.setattr(DockerRunner, "_wait_a_little", interrupted)
    assets = build_assets(["sleeper"])
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        materialize(assets, selection=["raw", "prepared"], partition_key=CID, **kwargs)
        result = materialize(
            assets,
            selection=[AssetKey(["sleeper", "agent_run"])],
            partition_key=run_key(CID, 0),
            raise_on_error=False,
            **kwargs,
        )
    assert not result.success and len(calls) > 2
    assert _leftovers(client, settings.layout, "sleeper") == []
    assert not (settings.layout.run_dir("sleeper", CID, 0) / "run.json").exists()


def test_missing_image_says_how_to_build_it(engine, tmp_path: Path) -> None:
    spec = AgentSpec(name="ghost", command=("{python}",), image="mle-pipeline/no-such:0")
    with pytest.raises(DockerUnavailableError, match="bash containers/build.sh"):
        DockerRunner().run(None, spec, Workspace(tmp_path), time_limit=5, extra_env={})


def test_the_audit_hook_records_inside_containers(runs) -> None:
    _, outcomes, _ = runs
    dummy, prober = outcomes["dummy"].integrity, outcomes["prober"].integrity
    assert dummy["audit"] == "recorded" and not dummy["flagged"]
    assert dummy["submission_is_sample"] is True
    assert prober["audit"] == "recorded" and prober["flagged"]
    assert {"kind": "connect", "host": "1.1.1.1", "port": 53} in prober["network_attempts"]
