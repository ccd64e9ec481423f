"""The Dagster UI loads the code location and shows the asset graph (real webserver, real
headless Chromium). Slow: `python -m pytest -m slow tests/test_ui.py -s` prints where the
screenshots are."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import chromium, screenshot

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
EXPECTED_ASSETS = {
    "raw",
    "prepared",
    "baseline/agent_run",
    "baseline/graded_report",
    "dummy/agent_run",
    "dummy/graded_report",
    "leaderboard",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    assert "errors" not in payload, payload
    return payload["data"]


LOCATIONS = """
{ workspaceOrError { ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """`dagster-webserver -w workspace.yaml` on loopback with a throwaway DAGSTER_HOME."""
    chromium()  # skip early when there is no browser
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "MLE_PIPELINE_DATA": str(tmp_path_factory.mktemp("data")),
    }
    log = (home / "webserver.log").open("w")
    webserver_bin = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen(
        [str(webserver_bin), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        entries = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"webserver exited:\n{(home / 'webserver.log').read_text()[-3000:]}")
            try:
                entries = graphql(base, LOCATIONS)["workspaceOrError"]["locationEntries"]
                if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            pytest.fail(f"webserver did not load the code location in time: {entries}")
        # The community sign-up dialog (shown on localhost) would cover the screenshots.
        graphql(base, "mutation { setNuxSeen }")
        yield base, entries
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_graphql_lists_the_code_location_and_its_seven_assets(webserver) -> None:
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
