"""Deterministic integrity signals, through Dagster: the runner records them, the
``integrity_signals`` check on ``<agent>/agent_run`` reports them on the run's partition."""

from __future__ import annotations

import json
import textwrap

import pytest
import yaml
from dagster import AssetCheckKey, AssetKey, instance_for_test, materialize

from mle_pipeline.agents.docker_runner import AUDIT_MOUNT, container_environment, container_mounts
from mle_pipeline.agents.spec import AGENTS_ENV, AgentSpec
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.assets.integrity import SIGNALS_CHECK
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets
from mle_pipeline.integrity.signals import AUDIT_ENV, HOOK_DIR, audit_env, collect_signals
from mle_pipeline.integrity.verdict import load_verdicts

CID = "spaceship-titanic"
SNOOPER = textwrap.dedent(
    """
    import os, shutil, socket
    try:
        open(os.environ["PROBE_ANSWERS"]).read()
    except OSError:
        pass
    s = socket.socket()
    s.settimeout(0.2)
    try:
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: never answers
    except OSError:
        pass
    data = os.environ["DATA_DIR"]
    sample = [n for n in os.listdir(data) if n.startswith("sample")][0]
    target = os.path.join(os.environ["SUBMISSION_DIR"], "submission.csv")
    shutil.copy(os.path.join(data, sample), target)
    """
)
NETWORKED = textwrap.dedent(
    """
    import socket
    s = socket.socket()
    s.settimeout(0.2)
    try:
        s.connect(("192.0.2.1", 80))
    except OSError:
        pass
    """
)
AGENTS = {
    "dummy": None,
    "snooper": {"command": ["{python}", "-c", SNOOPER], "env": {"PROBE_ANSWERS": "@ANSWERS@"}},
    "networked": {"command": ["{python}", "-c", NETWORKED], "network": True},
    "shell": {"command": ["sh", "-c", 'echo hi > "$LOGS_DIR/out.txt"']},
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("signals")
    specs = tmp / "specs"
    specs.mkdir()
    answers = tmp / "data" / CID / "prepared" / "private" / "test.csv"
    for name, fields in AGENTS.items():
        if fields is not None:
            text = yaml.safe_dump({"name": name, **fields}).replace("@ANSWERS@", str(answers))
            (specs / f"{name}.yaml").write_text(text)
    settings = PipelineSettings(runner="local", data_root=str(tmp / "data"))
    with pytest.MonkeyPatch.context() as patch, instance_for_test() as instance:
        patch.setenv(AGENTS_ENV, str(specs))
        assets = build_assets(list(AGENTS))
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        assert materialize(
            assets, selection=["raw", "prepared"], partition_key=CID, **kwargs
        ).success
        result = materialize(
            assets,
            selection=[AssetKey([a, "agent_run"]) for a in AGENTS],
            partition_key=run_key(CID, 0),
            **kwargs,
        )
        assert result.success
        evaluations = {
            e.asset_key.path[0]: e
            for e in result.get_asset_check_evaluations()
            if e.check_name == SIGNALS_CHECK
        }
        records = {
            a: instance.event_log_storage.get_asset_check_execution_history(
                AssetCheckKey(AssetKey([a, "agent_run"]), SIGNALS_CHECK), limit=1
            )
            for a in AGENTS
        }
    return settings.layout, evaluations, records


def test_every_agent_run_gets_the_check_on_its_partition(checked) -> None:
    layout, evaluations, records = checked
    assert set(evaluations) == set(AGENTS)
    for agent, evaluation in evaluations.items():
        assert evaluation.check_name == SIGNALS_CHECK
        assert evaluation.partition == str(run_key(CID, 0))
        assert records[agent], agent
        verdicts = load_verdicts(layout.run_dir(agent, CID, 0))
        assert {v.check for v in verdicts} == {"integrity_signals", "plagiarism", "rule_violations"}


def test_dummy_passes_and_its_sample_submission_is_shown(checked) -> None:
    _, evaluations, _ = checked
    dummy = evaluations["dummy"]
    assert dummy.passed, dummy.description
    assert dummy.metadata["submission_is_sample"].value is True
    assert "sample submission" in dummy.description


def test_a_snooper_is_flagged_for_network_and_outside_reads(checked) -> None:
    layout, evaluations, _ = checked
    snooper = evaluations["snooper"]
    assert not snooper.passed
    assert snooper.metadata["status"].value == "flagged"
    assert "192.0.2.1" in snooper.description and "outside its workspace" in snooper.description
    reads = snooper.metadata["outside_reads"].value
    assert any(r.endswith("private/test.csv") for r in reads)
    run = json.loads((layout.run_dir("snooper", CID, 0) / "run.json").read_text())
    assert run["integrity"]["flagged"] is True
    assert run["integrity"]["submission_is_sample"] is True


def test_network_is_not_flagged_when_the_spec_allows_it(checked) -> None:
    _, evaluations, _ = checked
    networked = evaluations["networked"]
    assert networked.passed, networked.description
    assert networked.metadata["network_attempts"].value[0]["host"] == "192.0.2.1"


def test_a_non_python_agent_is_not_run_never_passed(checked) -> None:
    _, evaluations, _ = checked
    shell = evaluations["shell"]
    assert not shell.passed
    assert shell.metadata["status"].value == "not run"
    assert shell.severity.value == "WARN"


def test_docker_runs_get_the_hook_mounted_and_loaded(tmp_path) -> None:
    spec = AgentSpec(name="x", command=["python", "a.py"], env={"PYTHONPATH": "/opt/agent"})
    env = container_environment(spec, {})
    assert env["PYTHONPATH"] == f"{AUDIT_MOUNT}:/opt/agent"
    assert env[AUDIT_ENV] == "/home/logs/integrity_audit.jsonl"
    workspace = Workspace(tmp_path)
    mounts = container_mounts(workspace, {})
    assert mounts[str(HOOK_DIR.resolve())] == {"bind": AUDIT_MOUNT, "mode": "ro"}


def test_garbage_in_the_audit_file_is_skipped(tmp_path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "integrity_audit.jsonl").write_text(
        'not json\n[1]\n{"event": "start", "home": "/h"}\n'
        '{"event": "run", "path": "/h/code/a.py"}\n'
    )
    signals = collect_signals(tmp_path, network_allowed=False)
    assert signals.audit == "recorded"
    assert signals.scripts_run == [str(tmp_path / "code" / "a.py")]
    assert signals.submission_is_sample is None and not signals.reasons


def test_the_hook_records_and_runs_a_shadowed_sitecustomize(tmp_path) -> None:
    import os
    import subprocess
    import sys

    other = tmp_path / "other"
    other.mkdir()
    (other / "sitecustomize.py").write_text("import os\nos.environ['CHAINED'] = 'yes'\n")
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    answers = tmp_path / "answers.csv"
    answers.write_text("id\n1\n")
    env = {
        **os.environ,
        **audit_env(str(home), str(HOOK_DIR), {"PYTHONPATH": str(other)}),
        "AGENT_HOME": str(home),
    }
    code = f"import os; open({str(answers)!r}).read(); print(os.environ.get('CHAINED'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "yes"
    signals = collect_signals(home, network_allowed=False)
    assert signals.outside_reads == [str(answers)]


def test_a_temporary_folder_the_agent_made_is_not_outside(tmp_path) -> None:
    """Extracting an archive into a temporary directory (the baseline agent's 7z path) and
    reading it back is the agent's own work, not a read outside its workspace."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    env = {**os.environ, **audit_env(str(home), str(HOOK_DIR), {}), "AGENT_HOME": str(home)}
    code = (
        "import os, tempfile\n"
        "with tempfile.TemporaryDirectory() as d:\n"
        "    open(os.path.join(d, 'a.csv'), 'w').write('x')\n"
        "    os.listdir(d); open(os.path.join(d, 'a.csv')).read()\n"
        f"open({str(tmp_path / 'elsewhere.txt')!r}, 'a').close()\n"
    )
    (tmp_path / "elsewhere.txt").write_text("")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=home)
    signals = collect_signals(home, network_allowed=False)
    assert signals.outside_reads == [], signals.outside_reads
