"""The Dagster UI loads the code location and shows the asset graph (real webserver, real
headless Chromium). Slow: `python -m pytest -m slow tests/test_ui.py -s` prints where the
screenshots are."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import (
    REPO,
    chromium,
    dagster_webserver,
    free_port,
    graphql,
    screenshot,
    wait_until_loaded,
)

pytestmark = pytest.mark.slow
EXPECTED_ASSETS = {
    "raw",
    "prepared",
    "reference_kernels",
    "prepare_code",
    "grade_code",
    "baseline/agent_run",
    "baseline/graded_report",
    "dummy/agent_run",
    "dummy/graded_report",
    "leaderboard",
}


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """`dagster-webserver -w workspace.yaml` on loopback with a throwaway DAGSTER_HOME."""
    chromium()  # skip early when there is no browser
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {"MLE_PIPELINE_DATA": str(tmp_path_factory.mktemp("data"))}
    with dagster_webserver(home, env) as (base, entries):
        yield base, entries


def test_graphql_lists_the_code_location_and_its_eight_assets(webserver) -> None:
    base, entries = webserver
    assert [(e["name"], e["locationOrLoadError"]["__typename"]) for e in entries] == [
        ("mle_pipeline", "RepositoryLocation")
    ]
    nodes = graphql(base, "{ assetNodes { assetKey { path } groupName kinds } }")["assetNodes"]
    keys = {"/".join(n["assetKey"]["path"]) for n in nodes}
    assert keys == EXPECTED_ASSETS
    groups = {"/".join(n["assetKey"]["path"]): n["groupName"] for n in nodes}
    assert groups["raw"] == "prepare" and groups["leaderboard"] == "leaderboard"
    assert all(n["kinds"] for n in nodes)


def _ink(png: Path) -> float:
    """Share of pixels that are not near-white: a blank or error page has almost none."""
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L").resize((350, 225))
        pixels = list(gray.getdata())
    return sum(p < 235 for p in pixels) / len(pixels)


def test_asset_graph_renders_in_headless_chromium(webserver, tmp_path_factory) -> None:
    base, _ = webserver
    out = tmp_path_factory.mktemp("ui-screenshots")
    pages = {
        # leaderboard's upstream lineage: all 7 assets, grouped by stage
        "asset_graph": "/assets/leaderboard?view=lineage&lineageScope=upstream&lineageDepth=4",
        "global_lineage": "/asset-groups",
    }
    shots = {
        name: screenshot(base + path, out / f"{name}.png", wait_ms=20_000)
        for name, path in pages.items()
    }
    for name, png in shots.items():
        print(f"\n{name}: {png}")
        assert png.stat().st_size > 30_000, name
        assert _ink(png) > 0.01, f"{name} looks blank: {png}"  # a blank page: 0.0


# -- the README's walkthrough: CLI runs, then `mle-pipeline ui`, on the default instance ----

CID = "spaceship-titanic"
LAUNCH = """
mutation Launch($params: ExecutionParams!) { launchPipelineExecution(executionParams: $params) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message }
    ... on InvalidSubsetError { message } ... on RunConfigValidationInvalid { errors { message } }
} }
"""


def _runs(base: str) -> list[dict]:
    query = "{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }"
    return graphql(base, query)["runsOrError"]["results"]


@pytest.fixture(scope="module")
def readme_ui(tmp_path_factory):
    """As the README says: `mle-pipeline run ...`, then `mle-pipeline ui`, DAGSTER_HOME unset."""
    chromium()
    tmp = tmp_path_factory.mktemp("readme")
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(XDG_CACHE_HOME=str(tmp / "cache"), MLE_PIPELINE_DATA=str(tmp / "data"))
    cli = [sys.executable, "-m", "mle_pipeline.cli"]
    ran = subprocess.run(
        [*cli, "run", "-c", CID, "--agent", "dummy", "--seeds", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    port = free_port()
    log_path = tmp / "ui.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [*cli, "ui", "-p", str(port), "--host", "127.0.0.1"],
        cwd=tmp,  # not the checkout: the command finds the code by module
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        entries = wait_until_loaded(base, proc, log_path, 240, "mle-pipeline ui")
        yield base, entries[0]["name"], tmp / "data"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_the_ui_shows_the_cli_runs(readme_ui, tmp_path_factory) -> None:
    base, _, _ = readme_ui
    cli_runs = [r for r in _runs(base) if {"key": "mle_pipeline/cli", "value": "run"} in r["tags"]]
    # prepare, agent run + report, leaderboard, and the code-version observations before them
    assert len(cli_runs) >= 3 and {r["status"] for r in cli_runs} == {"SUCCESS"}
    query = """query Prepared($partition: String!) { assetOrError(assetKey: {path: ["prepared"]}) {
        ... on Asset { assetMaterializations(partitions: [$partition]) { partition } } } }"""
    found = graphql(base, query, {"partition": CID})["assetOrError"]["assetMaterializations"]
    assert [m["partition"] for m in found] == [CID]
    out = tmp_path_factory.mktemp("ui-readme")
    png = screenshot(base + "/runs", out / "runs.png", wait_ms=15_000)
    print(f"\nruns: {png}")
    assert _ink(png) > 0.01


def test_an_agent_run_launched_from_the_ui_needs_no_partition_made_by_hand(readme_ui) -> None:
    base, location, data = readme_ui
    # Seed 2 was never run by the CLI (--seeds 1): `mle-pipeline ui` created it.
    partition = f"{CID}|2"
    params = {
        "selector": {
            "repositoryLocationName": location,
            "repositoryName": "__repository__",
            "pipelineName": "__ASSET_JOB",
            "assetSelection": [
                {"path": ["dummy", "agent_run"]},
                {"path": ["dummy", "graded_report"]},
            ],
        },
        "mode": "default",
        "executionMetadata": {
            "tags": [
                {"key": "dagster/partition", "value": partition},
                {"key": "dagster/partition/competition", "value": CID},
                {"key": "dagster/partition/seed", "value": "2"},
            ]
        },
    }
    launched = graphql(base, LAUNCH, {"params": params})["launchPipelineExecution"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    query = "query Status($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
    deadline = time.monotonic() + 300
    status = None
    while time.monotonic() < deadline:
        status = graphql(base, query, {"id": run_id})["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    assert status == "SUCCESS"
    report = json.loads((data / "reports" / "dummy" / CID / "seed-2.json").read_text())
    assert report["valid_submission"] is True and report["seed"] == 2
