"""The Dagster UI loads the code location and shows the asset graph (real webserver, real
headless Chromium). Slow: `python -m pytest -m slow tests/test_ui.py -s` prints where the
screenshots are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import REPO, chromium, dagster_webserver, graphql, screenshot

pytestmark = pytest.mark.slow
EXPECTED_ASSETS = {
    "raw",
    "prepared",
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
