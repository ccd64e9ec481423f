"""The nightly leaderboard schedule: it requests the rebuild job, and the rebuild survives
report files it cannot read."""

import hashlib
import importlib
import json
from pathlib import Path

from dagster import (
    AssetMaterialization,
    DagsterInstance,
    DefaultScheduleStatus,
    RunRequest,
    build_schedule_context,
    materialize,
)

from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets, defs
from mle_pipeline.layout import DataLayout
from mle_pipeline.leaderboard.vouch import graded_report_key
from mle_pipeline.registry import load_split


def test_nightly_schedule_requests_the_leaderboard_job() -> None:
    schedule = defs.get_schedule_def("nightly_leaderboard")
    assert schedule.default_status == DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "rebuild_leaderboard"
    job = defs.resolve_job_def("rebuild_leaderboard")
    assert [k.to_user_string() for k in job.asset_layer.executable_asset_keys] == ["leaderboard"]
    with DagsterInstance.ephemeral() as instance:
        context = build_schedule_context(instance=instance)
        result = schedule.evaluate_tick(context)
    assert result.skip_message is None
    assert len(result.run_requests) == 1
    assert isinstance(result.run_requests[0], RunRequest)


def test_cron_comes_from_the_environment(monkeypatch) -> None:
    import mle_pipeline.assets.schedules as schedules

    monkeypatch.setenv(schedules.LEADERBOARD_CRON_ENV, "15 1 * * *")
    try:
        assert importlib.reload(schedules).nightly_leaderboard.cron_schedule == "15 1 * * *"
    finally:
        monkeypatch.delenv(schedules.LEADERBOARD_CRON_ENV)
        assert importlib.reload(schedules).nightly_leaderboard.cron_schedule == "0 3 * * *"


def test_rebuild_survives_unreadable_reports(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    cid = load_split("lite")[0]
    good = layout.report_path("a", cid, 0)
    good.parent.mkdir(parents=True)
    good.write_text(
        json.dumps(
            {
                "competition_id": cid,
                "agent": "a",
                "seed": 0,
                "data_source": "sample",
                "sample_data": True,
                "any_medal": True,
                "valid_submission": True,
            }
        )
    )
    broken = layout.report_path("a", cid, 1)
    broken.write_text('{"competition_id": "' + cid + '", "agent": "a", "se')  # cut short
    instance = DagsterInstance.ephemeral()
    instance.report_runless_asset_event(  # as grading "a" on (cid, 0) would have recorded
        AssetMaterialization(
            asset_key=graded_report_key("a"),
            partition=str(run_key(cid, 0)),
            tags={"dagster/data_version": hashlib.sha256(good.read_bytes()).hexdigest()},
        )
    )
    result = materialize(
        build_assets(["dummy"]),
        selection=["leaderboard"],
        instance=instance,
        resources={"settings": PipelineSettings(data_root=str(tmp_path))},
    )
    assert result.success
    metadata = result.asset_materializations_for_node("leaderboard")[0].metadata
    assert metadata["skipped_reports"].value == 1 and metadata["excluded_reports"].value == 0
    assert str(broken) in metadata["skipped_files"].value
    page = (layout.leaderboard_dir / "leaderboard.html").read_text()
    assert str(broken) in page and "OFFLINE SAMPLE DATA" in page
