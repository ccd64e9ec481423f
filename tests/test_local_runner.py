"""Misbehaving agents on the local runner, through Dagster.

A local agent is an ordinary process of the user: it is not sandboxed and could read any
file the user can (the docker runner is the isolation). What the local runner does promise:
a time limit that kills the agent's whole process group, a recorded exit code, and that
nothing it is given (working directory, environment) leads to the answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, instance_for_test, materialize

from mle_pipeline.agents.local_runner import GRACE_SECONDS
from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.spec import AGENTS_ENV
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets

CID = "spaceship-titanic"
LIMIT = 2

SLEEPER = textwrap.dedent(
    """
    import os, subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)  # mle-orphan"])
    with open(os.path.join(os.environ["LOGS_DIR"], "child.pid"), "w") as handle:
        handle.write(str(child.pid))
    print("sleeping", flush=True)
    time.sleep(120)
    """
)
REPORTER = textwrap.dedent(
    """
    import json, os
    target = os.environ["PROBE_ANSWERS"]  # a hostile agent that knows where answers live
    try:
        leaked = open(target).read()[:50]
    except OSError as err:
        leaked = None
    try:
        root_listing = os.listdir(os.environ["PROBE_ROOT"])
    except OSError:
        root_listing = None
    written_outside = True
    try:
        open(os.path.join(os.environ["PROBE_ROOT"], "planted.txt"), "w").write("x")
    except OSError:
        written_outside = False
    try:
        instance_listing = os.listdir(os.environ["PROBE_INSTANCE"])
    except OSError:
        instance_listing = None
    with open(os.path.join(os.environ["SUBMISSION_DIR"], "seen.json"), "w") as handle:
        json.dump({"cwd": os.getcwd(), "env": dict(os.environ), "leaked": leaked,
                   "root_listing": root_listing, "written_outside": written_outside,
                   "instance_listing": instance_listing}, handle)
    """
)
TELLER = textwrap.dedent(
    """
    from dagster_pipes import open_dagster_pipes
    with open_dagster_pipes() as pipes:
        pipes.report_custom_message({"strategy": "ridge", "folds": 5, "sandbox": "spoofed"})
        pipes.report_custom_message("free text")
        pipes.report_asset_materialization(metadata={"cv_score": 0.75})
    """
)
AGENTS = {
    "local-teller": {"command": ["{python}", "-c", TELLER]},
    "local-sleeper": {"command": ["{python}", "-c", SLEEPER], "time_limit_seconds": LIMIT},
    "local-crasher": {
        "command": ["{python}", "-c", "import sys; print('about to fail'); sys.exit(3)"]
    },
    "local-reporter": {
        "command": ["{python}", "-c", REPORTER],
        "env": {
            "PROBE_ANSWERS": "@ANSWERS@",
            "PROBE_ROOT": "@ROOT@",
            "PROBE_INSTANCE": "@INSTANCE@",
        },
    },
}


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("local")
    specs = tmp / "specs"
    specs.mkdir()
    answers = tmp / "data" / CID / "prepared" / "private" / "test.csv"
    settings = PipelineSettings(runner="local", data_root=str(tmp / "data"))
    with pytest.MonkeyPatch.context() as patch, instance_for_test() as instance:
        for name, fields in AGENTS.items():
            text = yaml.safe_dump({"name": name, **fields})
            text = text.replace("@ANSWERS@", str(answers)).replace("@ROOT@", str(tmp / "data"))
            text = text.replace("@INSTANCE@", str(instance.root_directory))
            (specs / f"{name}.yaml").write_text(text)
        patch.setenv(AGENTS_ENV, str(specs))
        patch.setenv("MLE_TEST_UNDECLARED_SECRET", "do-not-pass")
        patch.setenv("MLE_PIPELINE_DATA", str(tmp / "data"))
        assets = build_assets(list(AGENTS))
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        prepared = materialize(assets, selection=["raw", "prepared"], partition_key=CID, **kwargs)
        assert prepared.success
        result = materialize(
            assets,
            selection=[AssetKey([a, "agent_run"]) for a in AGENTS],
            partition_key=run_key(CID, 0),
            **kwargs,
        )
        assert result.success
    layout = settings.layout
    outcomes = {a: RunOutcome.load(layout.run_dir(a, CID, 0) / "run.json") for a in AGENTS}
    return layout, outcomes


def test_agent_past_its_limit_is_killed_on_time_with_its_children(runs) -> None:
    layout, outcomes = runs
    sleeper = outcomes["local-sleeper"]
    assert sleeper.timed_out and sleeper.kill_reason == f"time limit of {LIMIT} s reached"
    assert sleeper.exit_code != 0 and not sleeper.submission_exists
    assert sleeper.wall_seconds < LIMIT + GRACE_SECONDS + 3
    run_dir = layout.run_dir("local-sleeper", CID, 0)
    assert "sleeping" in (run_dir / "agent.log").read_text()
    # Inside the sandbox's PID namespace the recorded pid is not the host's; look the
    # child up by its command line instead.
    survivors = subprocess.run(["pgrep", "-f", "mle-orphan"], capture_output=True, text=True)
    assert survivors.stdout.strip() == "", "the agent's child process outlived the time limit"


def test_what_an_agent_reports_through_pipes_is_kept(runs) -> None:
    layout, outcomes = runs
    reported = outcomes["local-teller"].reported_metadata
    assert (reported["strategy"], reported["folds"], reported["cv_score"]) == ("ridge", 5, 0.75)
    assert reported["message"] == "free text"
    assert reported["sandbox"] in ("namespaces", "none")  # the runner's fact, not the agent's


def test_failing_agent_exit_code_is_recorded(runs) -> None:
    layout, outcomes = runs
    crasher = outcomes["local-crasher"]
    assert (crasher.exit_code, crasher.timed_out, crasher.kill_reason) == (3, False, None)
    assert not crasher.submission_exists
    assert "about to fail" in (layout.run_dir("local-crasher", CID, 0) / "agent.log").read_text()


def test_nothing_given_to_a_local_agent_leads_to_the_answers(runs) -> None:
    layout, outcomes = runs
    assert outcomes["local-reporter"].exit_code == 0
    run_dir = layout.run_dir("local-reporter", CID, 0)
    seen = json.loads((run_dir / "home" / "submission" / "seen.json").read_text())
    private, prepared = layout.private_dir(CID), layout.prepared_dir(CID)
    # the workspace is not inside the prepared folder, and the answers are not inside it
    assert not run_dir.resolve().is_relative_to(prepared.resolve())
    assert not any(p.name == "private" for p in run_dir.rglob("*"))
    assert not any(p.is_symlink() for p in run_dir.rglob("*"))
    for path in (run_dir / "home" / "data").rglob("*"):
        assert not path.resolve().is_relative_to(private.resolve())
    # the agent works in its own home (a sandbox view of it, where namespaces are available)
    env = seen["env"]
    assert Path(seen["cwd"]) == Path(env["AGENT_HOME"])
    sandboxed = outcomes["local-reporter"].reported_metadata.get("sandbox") == "namespaces"
    for key, value in env.items():
        if not key.startswith("PROBE_"):
            assert str(prepared) not in value and str(private) not in value
    assert "MLE_TEST_UNDECLARED_SECRET" not in env and "MLE_PIPELINE_DATA" not in env
    assert "DAGSTER_HOME" not in env
    assert env["DATA_DIR"] == str(Path(env["AGENT_HOME"]) / "data")
    if sandboxed:
        # even knowing the paths, the agent reads no answers and sees no data root
        assert seen["leaked"] is None
        assert seen["root_listing"] == []  # other runs, reports and answers all hidden
        assert seen["instance_listing"] == []  # the Dagster instance's storage too
        assert not seen["written_outside"]
        assert not (layout.root / "planted.txt").exists()
    else:
        assert os.path.samefile(env["SUBMISSION_DIR"], run_dir / "home" / "submission")
