"""Declarative automation: a new agent run gets its report, new reports refresh the
leaderboard, and nothing is requested when nothing changed (evaluated through Dagster)."""

from __future__ import annotations

from dagster import (
    AssetKey,
    AssetMaterialization,
    AssetObservation,
    DagsterInstance,
    evaluate_automation_conditions,
)

from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.assets.code_versions import GRADE_CODE
from mle_pipeline.assets.grading import graded_report_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_definitions
from mle_pipeline.instance import add_seeds
from mle_pipeline.version_tags import DATA_VERSION_TAG

KEY = "spaceship-titanic|0"


def _requested(result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key in (graded_report_key("dummy"), graded_report_key("baseline"), AssetKey("leaderboard")):
        partitions = result.get_requested_partitions(key)
        if result.get_num_requested(key):
            out[key.to_user_string()] = {str(p) for p in partitions if p is not None}
    return out


def test_new_agent_run_is_graded_then_the_leaderboard_rebuilt(tmp_path) -> None:
    defs = build_definitions(PipelineSettings(data_root=str(tmp_path)))
    with DagsterInstance.ephemeral() as instance:
        add_seeds(instance, [0, 1])
        first = evaluate_automation_conditions(defs=defs, instance=instance)
        assert "dummy/graded_report" not in _requested(first)  # no agent run yet
        for key, partition in (
            (AssetKey("prepared"), "spaceship-titanic"),
            (agent_run_key("dummy"), KEY),
        ):
            instance.report_runless_asset_event(AssetMaterialization(key, partition=partition))
        second = evaluate_automation_conditions(defs=defs, instance=instance, cursor=first.cursor)
        assert _requested(second) == {"dummy/graded_report": {KEY}}  # not baseline, not seed 1

        instance.report_runless_asset_event(
            AssetMaterialization(graded_report_key("dummy"), partition=KEY)
        )
        third = evaluate_automation_conditions(defs=defs, instance=instance, cursor=second.cursor)
        assert _requested(third) == {"leaderboard": set()}

        instance.report_runless_asset_event(AssetMaterialization(AssetKey("leaderboard")))
        fourth = evaluate_automation_conditions(defs=defs, instance=instance, cursor=third.cursor)
        assert _requested(fourth) == {}  # nothing changed: nothing runs

        # A new grader version is left to `mle-pipeline run` (it regrades without the agent).
        instance.report_runless_asset_event(
            AssetObservation(
                GRADE_CODE, partition="spaceship-titanic", tags={DATA_VERSION_TAG: "grade-new"}
            )
        )
        fifth = evaluate_automation_conditions(defs=defs, instance=instance, cursor=fourth.cursor)
        assert _requested(fifth) == {}
