"""The asset graph: definitions load, its shape is pinned, and it runs end to end in Dagster."""

import importlib
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, instance_for_test, materialize

from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets, defs
from mle_pipeline.orchestrate import Executor, root_cause

CID = "spaceship-titanic"

# Snapshot of the graph: asset key -> (upstream keys, partitioning). Review changes to it.
EXPECTED_GRAPH = {
    "prepare_code": ((), "competition"),
    "grade_code": ((), "competition"),
    "raw": ((), "competition"),
    "prepared": (("prepare_code", "raw"), "competition"),
    "reference_kernels": ((), "competition"),
    "dummy/agent_run": (("prepared",), "competition×seed"),
    "dummy/graded_report": (("dummy/agent_run", "grade_code", "prepared"), "competition×seed"),
    "baseline/agent_run": (("prepared",), "competition×seed"),
    "baseline/graded_report": (
        ("baseline/agent_run", "grade_code", "prepared"),
        "competition×seed",
    ),
    "leaderboard": (("baseline/graded_report", "dummy/graded_report"), None),
}


def _partitioning(node) -> str | None:
    pdef = node.partitions_def
    if pdef is None:
        return None
    dims = getattr(pdef, "partitions_defs", None)
    return "×".join(d.name for d in dims) if dims else "competition"


def test_definitions_load_and_graph_shape_is_pinned() -> None:
    graph = defs.resolve_asset_graph()
    actual = {
        key.to_user_string(): (
            tuple(sorted(p.to_user_string() for p in graph.get(key).parent_keys)),
            _partitioning(graph.get(key)),
        )
        for key in graph.get_all_asset_keys()
    }
    assert actual == EXPECTED_GRAPH
    assert defs.get_schedule_def("nightly_leaderboard").cron_schedule
    assert {"backfill_lite", "backfill_all", "rebuild_leaderboard"} <= {j.name for j in defs.jobs}


def test_materialize_one_competition_through_dagster(tmp_path: Path) -> None:
    settings = PipelineSettings(data_root=str(tmp_path))
    assets = build_assets(["dummy"])
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        first = materialize(assets, selection=["raw", "prepared"], partition_key=CID, **kwargs)
        assert first.success
        run = materialize(
            assets,
            selection=[AssetKey(["dummy", "agent_run"]), AssetKey(["dummy", "graded_report"])],
            partition_key=run_key(CID, 0),
            **kwargs,
        )
        assert run.success
        board = materialize(assets, selection=["leaderboard"], **kwargs)
        assert board.success
    report = settings.layout.report_path("dummy", CID, 0)
    assert report.is_file() and '"valid_submission": true' in report.read_text()
    assert (settings.layout.leaderboard_dir / "leaderboard.md").is_file()
    # The agent's workspace holds only public data.
    workspace_files = {
        p.name for p in (settings.layout.run_dir("dummy", CID, 0) / "home").rglob("*")
    }
    assert "test.csv" in workspace_files and "gold_submission.csv" not in workspace_files
    # The agent asked the validation server (which never tells a score) about its file.
    agent_log = (settings.layout.run_dir("dummy", CID, 0) / "agent.log").read_text()
    assert 'validation server says {"valid": true' in agent_log
    assert "score" not in agent_log


@pytest.fixture
def counted_prepare(monkeypatch):
    module = importlib.import_module(f"mle_pipeline.competitions.{CID}.prepare")
    calls = []
    original = module.prepare

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(module, "prepare", counting)
    return calls


def test_second_run_prepares_nothing_again(tmp_path: Path, counted_prepare) -> None:
    settings = PipelineSettings(data_root=str(tmp_path / "data"))
    with instance_for_test() as instance:
        for attempt in range(2):
            executor = Executor(instance, settings, ["dummy"], echo=lambda _: None)
            ready = executor.prepare([CID])
            executor.run_agents(ready, ["dummy"], [0, 1], force=False)
            assert not executor.summary.failed
            if attempt == 1:
                assert executor.summary.done == []
                assert len(executor.summary.skipped) == 3
    assert len(counted_prepare) == 1


def test_unimplemented_competition_is_refused(tmp_path: Path, unimplemented_id: str) -> None:
    settings = PipelineSettings(data_root=str(tmp_path))
    result = materialize(
        build_assets(["dummy"]),
        selection=["raw"],
        partition_key=unimplemented_id,
        instance=DagsterInstance.ephemeral(),
        resources={"settings": settings},
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "not implemented" in root_cause(failure.event_specific_data.error)
