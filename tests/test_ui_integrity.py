"""Integrity checks in the Dagster UI: after `mle-pipeline run`, each agent run's three
checks are listed on `<agent>/agent_run` with their evaluation on the run's partition.
Slow (a real webserver and headless Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.browser import REPO, chromium, dagster_webserver, graphql, page_text

pytestmark = pytest.mark.slow
CID = "spaceship-titanic"
CHECKS = ("integrity_signals", "plagiarism", "rule_violations")
QUERY = """
query ($check: String!) {
  executions: assetCheckExecutions(assetKey: {path: ["snooper", "agent_run"]},
                                   checkName: $check, limit: 1) {
    status partition evaluation { partition success severity } }
}
"""
SNOOPER = textwrap.dedent(
    """
    import os, shutil
    try:
        open(os.environ["PROBE"]).read()
    except OSError:
        pass
    code = os.path.join(os.environ["CODE_DIR"], "solution.py")
    shutil.copy(os.path.join(os.environ["DATA_DIR"], "sample_submission.csv"),
                os.path.join(os.environ["SUBMISSION_DIR"], "submission.csv"))
    open(code, "w").write("import pandas as pd\\n" * 3 + "print(pd.read_csv('x').shape)\\n" * 20)
    """
)


def test_the_three_checks_show_on_the_runs_partition(tmp_path: Path) -> None:
    chromium()  # skip early when there is no browser
    home, data, specs = tmp_path / "dagster_home", tmp_path / "data", tmp_path / "specs"
    home.mkdir()
    specs.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    probe = data / CID / "prepared" / "private" / "test.csv"
    spec = {"name": "snooper", "command": ["{python}", "-c", SNOOPER], "env": {"PROBE": str(probe)}}
    (specs / "snooper.yaml").write_text(yaml.safe_dump(spec))
    env = {
        "DAGSTER_HOME": str(home),
        "MLE_PIPELINE_DATA": str(data),
        "MLE_PIPELINE_AGENTS": str(specs),
    }
    run = subprocess.run(
        [sys.executable, "-m", "mle_pipeline.cli", "run", "-c", CID, "--agent", "snooper"]
        + ["--seeds", "1"],
        env={**os.environ, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr

    with dagster_webserver(home, env) as (base, _):
        found = {c: graphql(base, QUERY, {"check": c})["executions"] for c in CHECKS}
        for check, (execution,) in found.items():
            assert execution["partition"] == f"{CID}|0", check
            assert execution["evaluation"]["partition"] == f"{CID}|0", check
        signals, plagiarism, rules = (found[c][0]["evaluation"] for c in CHECKS)
        assert not signals["success"] and signals["severity"] == "ERROR"  # flagged: read outside
        assert plagiarism["success"]  # its code is not the sample references'
        assert not rules["success"] and rules["severity"] == "WARN"  # no endpoint: not run

        checks_page = page_text(f"{base}/assets/snooper/agent_run?view=checks")
        for check in CHECKS:
            assert check in checks_page
        assert f"Partition {CID}|0" in checks_page
