"""One action in the Dagster UI backfills a split: a real webserver, real headless Chromium
driven by Playwright clicks "Launch Run" on the `backfill_lite` job, and the backfill it
creates is listed on the UI's backfills page with the lite split's implemented ids."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mle_pipeline.registry import get_competition, load_split
from tests.browser import chromium, dagster_webserver, graphql

pytestmark = pytest.mark.slow

RUNS = """
query Runs($job: String!) { runsOrError(filter: {pipelineName: $job}) {
    ... on Runs { results { runId status } } } }
"""
BACKFILLS = """
{ partitionBackfillsOrError { ... on PartitionBackfills { results {
    id title status isAssetBackfill tags { key value }
    assetBackfillData { rootTargetedPartitions { partitionKeys } } } } } }
"""


def _wait_for_run(base: str, job: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    runs: list = []
    while time.monotonic() < deadline:
        runs = graphql(base, RUNS, {"job": job})["runsOrError"]["results"]
        if runs and runs[0]["status"] in {"SUCCESS", "FAILURE", "CANCELED"}:
            return runs[0]
        time.sleep(2)
    pytest.fail(f"no finished run of {job} after {timeout}s: {runs}")


def test_one_click_launches_the_lite_backfill(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = chromium()
    home = tmp_path / "dagster_home"
    home.mkdir()
    # Runs launched from the UI start at once, not queued for a daemon (the backfill is
    # listed whether or not a daemon runs it; tests/test_backfill.py runs one to the end).
    (home / "dagster.yaml").write_text(
        "telemetry: {enabled: false}\nrun_coordinator:\n"
        "  module: dagster.core.run_coordinator\n  class: DefaultRunCoordinator\n"
    )
    env = {"MLE_PIPELINE_DATA": str(tmp_path / "data")}
    with dagster_webserver(home, env) as (base, _):
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            try:
                page.goto(f"{base}/locations/mle_pipeline/jobs/backfill_lite/playground")
                page.get_by_role("button", name="Launch Run").click(timeout=120_000)
                run = _wait_for_run(base, "backfill_lite")
                assert run["status"] == "SUCCESS", (home / "webserver.log").read_text()[-3000:]
                (listed,) = graphql(base, BACKFILLS)["partitionBackfillsOrError"]["results"]
                # The backfills page lists it: its id, the split's tag, its 22 partitions.
                page.goto(f"{base}/overview/backfills")
                page.get_by_text(listed["id"]).first.wait_for(timeout=120_000)
                shown = page.inner_text("body")
            except Exception:
                page.screenshot(path=str(tmp_path / "failure.png"))
                raise
            finally:
                browser.close()
    assert "mle_pipeline/split: lite" in shown and "22 partitions" in shown, shown
    implemented = [cid for cid in load_split("lite") if get_competition(cid).implemented]
    assert listed["isAssetBackfill"] and listed["title"] == "lite: prepare"
    assert {"key": "mle_pipeline/split", "value": "lite"} in listed["tags"]
    targeted = listed["assetBackfillData"]["rootTargetedPartitions"]["partitionKeys"]
    assert sorted(targeted) == sorted(implemented) and len(implemented) == 22
