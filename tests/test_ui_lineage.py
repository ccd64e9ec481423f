"""README's "When a raw file changes" walkthrough, as a user does it: CLI runs, a raw file
changed on disk, then the Dagster UI in headless Chromium shows the change, the stale
partition and the failed check on that partition. Slow (a real webserver and browser)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from mle_pipeline.atomic import file_digests
from mle_pipeline.prepare.checksums import find_reference
from mle_pipeline.prepare.run import RAW_MANIFEST
from mle_pipeline.registry import get_competition
from tests.browser import REPO, chromium, dagster_webserver, graphql, page_text

pytestmark = pytest.mark.slow
CID = "spaceship-titanic"
CHECK = "matches_reference_checksums"

STALENESS = """
query ($partition: String!, $check: String!) {
  prepared: assetNodeOrError(assetKey: {path: ["prepared"]}) { ... on AssetNode {
    staleStatus(partition: $partition)
    staleCauses(partition: $partition) { key { path } reason dependency { path } } } }
  raw: assetNodeOrError(assetKey: {path: ["raw"]}) { ... on AssetNode {
    staleStatus(partition: $partition) } }
  checks: assetCheckExecutions(assetKey: {path: ["prepared"]}, checkName: $check, limit: 1) {
    status partition evaluation { partition success } }
}
"""


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mle_pipeline.cli", *args],
        env={**os.environ, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_changed_raw_file_walkthrough_in_the_browser(tmp_path: Path) -> None:
    chromium()  # skip early when there is no browser
    home, data = tmp_path / "dagster_home", tmp_path / "data"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {"DAGSTER_HOME": str(home), "MLE_PIPELINE_DATA": str(data)}

    run = _cli(env, "run", "-c", CID, "--agent", "dummy", "--seeds", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    # The walkthrough relies on the sample data's pinned checksums shipping with the code.
    assert find_reference(get_competition(CID), data, sample_data=True) is not None
    old_raw = json.loads((data / CID / RAW_MANIFEST).read_text())["data_version"]

    # The README's `sed -n 2p train.csv >> train.csv`: one passenger row twice.
    train = data / CID / "raw" / "train.csv"
    recorded_md5 = file_digests(train)["md5"]
    with train.open("a") as handle:
        handle.write(train.read_text().splitlines(keepends=True)[1])
    current_md5 = file_digests(train)["md5"]

    lineage = _cli(env, "lineage", "-c", CID)
    assert "1 raw file(s) changed since raw was recorded (train.csv)" in lineage.stdout
    prepare = _cli(env, "prepare", "-c", CID)
    assert prepare.returncode == 1, prepare.stdout + prepare.stderr
    assert "public/train.csv" in prepare.stdout
    lineage = _cli(env, "lineage", "-c", CID, "--file", "train.csv")
    assert "2 graded report(s): 2 stale, 0 from the current data" in lineage.stdout
    assert lineage.stdout.count(f"train.csv md5 {recorded_md5} -> {current_md5}") == 2
    new_raw = json.loads((data / CID / RAW_MANIFEST).read_text())["data_version"]
    assert new_raw != old_raw

    with dagster_webserver(home, env) as (base, _):
        state = graphql(base, STALENESS, {"partition": CID, "check": CHECK})
        assert state["raw"]["staleStatus"] == "FRESH"
        assert state["prepared"]["staleStatus"] == "STALE"
        assert {
            ("/".join(c["dependency"]["path"]) if c["dependency"] else "/".join(c["key"]["path"]))
            + ": "
            + c["reason"]
            for c in state["prepared"]["staleCauses"]
        } >= {"raw: has a new data version"}
        (check,) = state["checks"]
        assert check["status"] == "FAILED" and check["evaluation"]["success"] is False
        assert check["partition"] == check["evaluation"]["partition"] == CID

        # raw's latest materialization: the changed file, recorded and current.
        raw_page = page_text(f"{base}/assets/raw?view=events&partition={CID}")
        assert "changed_files" in raw_page
        assert f"train.csv modified {recorded_md5} {current_md5}" in raw_page
        assert f"previous_data_version {old_raw}" in raw_page

        # prepared's partition: unsynced (raw has a new data version), its run failed.
        partition_page = page_text(f"{base}/assets/prepared?view=partitions&partition={CID}")
        assert f"{CID} Materialized Unsynced" in partition_page
        assert "failed, and did not materialize this asset" in partition_page

        # The failed check, on the right partition, naming the differing files.
        checks_page = page_text(f"{base}/assets/prepared?view=checks")
        latest = checks_page[checks_page.index("Latest execution") :]
        assert "Evaluation result Failed" in latest
        assert f"Partition {CID}" in latest
        assert "changed on disk: train.csv" in latest
        assert new_raw in latest

        # Each report's lineage: the prepared and raw data versions it was graded from.
        report_page = page_text(
            f"{base}/assets/dummy/graded_report?view=events&partition={quote(CID + '|0')}"
        )
        assert f"raw_data_version {old_raw}" in report_page

    # The fix: raw/ extracted again from the kept download gives the original version back.
    shutil.rmtree(data / CID / "raw")
    prepare = _cli(env, "prepare", "-c", CID)
    assert prepare.returncode == 0, prepare.stdout + prepare.stderr
    lineage = _cli(env, "lineage", "-c", CID)
    assert f"raw       {old_raw[:12]}" in lineage.stdout
    assert "2 graded report(s): 0 stale, 2 from the current data" in lineage.stdout
