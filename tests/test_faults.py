"""Faults: concurrent materializations, corruption, SIGKILL during an agent run, a full disk."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mle_pipeline.atomic import tree_digests
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest, ensure_prepared, ensure_raw
from mle_pipeline.registry import get_competition
from mle_pipeline.sources.sample import SampleSource

from .conftest import prepare_sample

CID = "spaceship-titanic"


def _cli(*args: str, env: dict) -> list[str]:
    return [sys.executable, "-m", "mle_pipeline.cli", *args]


@pytest.fixture
def env(tmp_path: Path) -> dict:
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "DAGSTER_HOME": str(home), "MLE_PIPELINE_DATA": str(tmp_path / "d")}


def test_two_processes_preparing_the_same_partition(env: dict, tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            _cli("prepare", "-c", CID, env=env),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    clean = prepare_sample(tmp_path / "clean", CID)
    root = Path(env["MLE_PIPELINE_DATA"])
    assert tree_digests(root / CID / "prepared") == tree_digests(clean.prepared_dir(CID))


def test_corrupted_prepared_file_is_detected_and_rebuilt_with_verify(tmp_path: Path) -> None:
    layout = prepare_sample(tmp_path, CID)
    competition = get_competition(CID)
    good = tree_digests(layout.prepared_dir(CID))
    answers = layout.private_dir(CID) / "test.csv"
    answers.chmod(0o644)
    answers.write_text("corrupted\n")
    raw = ensure_raw(competition, layout, SampleSource())
    trusted = ensure_prepared(competition, layout, raw)  # fast mode trusts the manifest
    assert trusted.reused
    rebuilt = ensure_prepared(competition, layout, raw, verify=True)
    assert not rebuilt.reused
    assert tree_digests(layout.prepared_dir(CID)) == good


SLEEPY_AGENT = """\
import os, pathlib, shutil, time
marker = pathlib.Path(os.environ["MARKER"])
if not marker.exists():
    pathlib.Path(os.environ["PIDFILE"]).write_text(str(os.getpid()))
    time.sleep(60)
shutil.copy(os.path.join(os.environ["DATA_DIR"], "sample_submission.csv"),
            os.path.join(os.environ["SUBMISSION_DIR"], "submission.csv"))
"""

SPEC = """\
name: sleepy
command: ["{{python}}", "{script}"]
time_limit_seconds: 120
env: {{MARKER: "{marker}", PIDFILE: "{pidfile}"}}
"""


def test_sigkill_during_agent_run_then_rerun(env: dict, tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    agents.mkdir()
    marker, pidfile = tmp_path / "second-attempt", tmp_path / "agent.pid"
    script = tmp_path / "sleepy.py"
    script.write_text(SLEEPY_AGENT)
    (agents / "sleepy.yaml").write_text(SPEC.format(script=script, marker=marker, pidfile=pidfile))
    env = {**env, "MLE_PIPELINE_AGENTS": str(agents)}
    args = _cli("run", "-c", CID, "--agent", "sleepy", env=env)
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pidfile.exists(), "the agent never started"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # The agent dies with its supervisor instead of running on unsupervised (looked up by
    # its script path: inside the sandbox's PID namespace its own pid is not the host's).
    for _ in range(50):
        if subprocess.run(["pgrep", "-f", str(script)], capture_output=True).returncode:
            break
        time.sleep(0.1)
    else:
        pytest.fail("agent process outlived the killed run")
    layout = DataLayout(Path(env["MLE_PIPELINE_DATA"]))
    assert not layout.report_path("sleepy", CID, 0).exists()
    assert not (layout.run_dir("sleepy", CID, 0) / "run.json").exists()

    marker.write_text("go")
    finished = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert '"valid_submission": true' in layout.report_path("sleepy", CID, 0).read_text()


def test_full_disk_fails_cleanly(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        layout = DataLayout(mount)
        competition = get_competition("spaceship-titanic")
        with pytest.raises(OSError) as failure:
            raw = ensure_raw(competition, layout, SampleSource())
            ensure_prepared(competition, layout, raw)
        assert "No space left" in str(failure.value) or failure.value.errno == 28
        comp = mount / competition.id
        assert Manifest.load(comp / PREPARED_MANIFEST) is None
        assert not (comp / "prepared").exists()
        assert not [p for p in comp.iterdir() if p.name.startswith(".tmp-")]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


KILL_DURING_GRADING = """
import os, sys, time
from pathlib import Path
import mle_pipeline.atomic as atomic
real_replace = os.replace

def slow_replace(src, dst):
    if str(dst).endswith(".json") and "reports" in str(dst):
        Path(sys.argv[1]).write_text("in grading")
        time.sleep(60)
    real_replace(src, dst)

atomic.os.replace = slow_replace
from mle_pipeline.cli import main
sys.exit(main(["run", "-c", "spaceship-titanic", "--agent", "dummy"]))
"""


def test_sigkill_during_grading_leaves_no_report_and_rerun_grades(env: dict, tmp_path: Path):
    flag = tmp_path / "grading"
    process = subprocess.Popen(
        [sys.executable, "-c", KILL_DURING_GRADING, str(flag)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert flag.exists(), "grading never started"
    process.kill()
    process.wait()
    layout = DataLayout(Path(env["MLE_PIPELINE_DATA"]))
    report = layout.report_path("dummy", CID, 0)
    assert not report.exists(), "a report was visible before it was complete"
    leftovers = list(report.parent.glob(".tmp-*"))
    assert leftovers, "the killed write should have left only a temporary file"

    rerun = subprocess.run(
        _cli("run", "-c", CID, "--agent", "dummy", env=env),
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "already graded" not in rerun.stdout
    assert '"valid_submission": true' in report.read_text()
    assert not list(report.parent.glob(".tmp-*"))
